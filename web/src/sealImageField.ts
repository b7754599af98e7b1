// The seal image a form carries (a new application, or a change's new image): checked by the
// specification's PNG rules, shown in a 1:1 preview, and written into the form as base64 with
// its true size (from the picture's density) in seal.widthMm / seal.heightMm.
import { ref } from 'vue';
import { toBase64 } from './api';
import { checkSealImage, type ImageReport } from './validate/sealImage';

export function sealImageField(form: Record<string, string>) {
  const imageReport = ref<ImageReport | null>(null);
  const imageUrl = ref('');
  async function takeImage(png: Blob) {
    imageReport.value = await checkSealImage(png);
    if (imageUrl.value) URL.revokeObjectURL(imageUrl.value);
    imageUrl.value = URL.createObjectURL(png);
    form['seal.imagePng'] = toBase64(new Uint8Array(await png.arrayBuffer()));
    const r = imageReport.value;
    if (r.widthMm && r.heightMm) {
      form['seal.widthMm'] = (Math.round(r.widthMm * 10) / 10).toString();
      form['seal.heightMm'] = (Math.round(r.heightMm * 10) / 10).toString();
    }
  }
  return { imageReport, imageUrl, takeImage };
}
