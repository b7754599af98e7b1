// Which service serves this console: the platform (`gmseal server`) or the seal application
// system (`gmseal signing serve`). Both serve the same build; the menu and the first screen follow
// the answer. Neither service has an "about" endpoint yet, so the console reads the public OpenAPI
// document's title (`GET /api/v1/openapi.json`, served by both once the signing service lands):
// a title naming the signing service means signing; anything else (or no document) the platform.
// The answer is kept for the tab's session.
import { ref } from 'vue';

export type ServiceKind = 'platform' | 'signing';
export const serviceKind = ref<ServiceKind | null>((sessionStorage.getItem('gmseal.service') as ServiceKind | null) ?? null);

let pending: Promise<ServiceKind> | null = null;

export function detectService(): Promise<ServiceKind> {
  if (serviceKind.value) return Promise.resolve(serviceKind.value);
  pending ??= (async () => {
    let kind: ServiceKind = 'platform';
    try {
      const res = await fetch('/api/v1/openapi.json');
      if (res.ok) {
        const doc = await res.json();
        const about = `${doc?.info?.title ?? ''} ${doc?.['x-gmseal-service'] ?? ''}`;
        if (/signing/i.test(about)) kind = 'signing';
      }
    } catch {
      kind = 'platform';
    }
    serviceKind.value = kind;
    sessionStorage.setItem('gmseal.service', kind);
    return kind;
  })();
  return pending;
}
