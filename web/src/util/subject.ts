// A certificate subject as the server writes it ("C=CN, T=…, 2.5.4.1=…, G=…, CN=…") read for
// people: the holder's name and the code it is issued to. A GM/T 0015 subject puts the unit's
// credit code or the person's ID number in T and 2.5.4.1 (aliasedEntryName, which has no short
// name, hence the bare OID in the raw text); other CAs use SERIALNUMBER or OU for it.
export interface SubjectSummary { name: string; code: string }

export function parseSubject(subject: string): [string, string][] {
  // Split at ", " only where an attribute name and "=" follow, so a value holding ", " stays whole.
  return subject
    .split(/,\s*(?=[A-Za-z][A-Za-z0-9-]*=|\d+(?:\.\d+)+=)/)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? ['', part.trim()] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

// The name (CN, else G, else O) and the code (2.5.4.1, else T, else SERIALNUMBER); null when the
// subject names no holder, so that the caller shows the raw text alone.
export function summarizeSubject(subject: string): SubjectSummary | null {
  const attributes = new Map<string, string>();
  for (const [key, value] of parseSubject(subject)) {
    const upper = key.toUpperCase();
    if (upper && !attributes.has(upper)) attributes.set(upper, value);
  }
  const name = attributes.get('CN') ?? attributes.get('G') ?? attributes.get('O');
  if (!name) return null;
  const code = attributes.get('2.5.4.1') ?? attributes.get('T') ?? attributes.get('SERIALNUMBER') ?? '';
  return { name, code };
}
