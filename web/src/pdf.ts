// pdf.js, loaded on first use only (it is the console's largest chunk), with one worker for the
// page's lifetime: starting a worker (fetching and compiling its 1.4 MB script) for every
// document cost about 200 ms of each first page.
let loading: Promise<{ lib: any; worker: any }> | null = null;
function load() {
  loading ??= (async () => {
    const lib = await import('pdfjs-dist');
    const workerUrl = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
    lib.GlobalWorkerOptions.workerSrc = workerUrl.default;
    return { lib, worker: new lib.PDFWorker() };
  })();
  loading.catch(() => (loading = null)); // a failed load (offline) is tried again next time
  return loading;
}

// Starts loading pdf.js and its worker in the background: screens that show PDFs call it when
// they open, so that a document chosen afterwards draws its first page without waiting for them.
export function preloadPdfjs() {
  load().catch(() => undefined);
}

// Opens a PDF from its bytes. The caller destroys the document; the shared worker stays.
export async function openPdf(data: Uint8Array): Promise<any> {
  const { lib, worker } = await load();
  return lib.getDocument({ data, isEvalSupported: false, worker }).promise;
}

export const MM_PER_PT = 25.4 / 72;

// Draws page n of doc into canvas at `cssWidth` CSS pixels wide; answers the page's size in
// points and the scale (CSS px per point).
export async function renderPage(doc: any, n: number, canvas: HTMLCanvasElement, cssWidth: number) {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const scale = cssWidth / base.width;
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  // annotationMode 1 (ENABLE): every annotation's appearance is painted on the canvas, the seal
  // of a signature field included (the default leaves form widgets to an HTML layer we do not draw).
  await page.render({ canvasContext: canvas.getContext('2d')!, viewport, annotationMode: 1, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise;
  return { widthPt: base.width, heightPt: base.height, scale };
}
