// The items of an application (the specification's step d)) in their sections, with their
// labels and choices: the new-application form is built from them, and the review screen shows
// an application with the same labels.
import { SEAL_CATEGORIES } from './validate/rules';

export interface FieldDef { key: string; label: string; type?: string; options?: [string, string][] }
export interface SectionDef { group: string; title: string; fields: FieldDef[] }

export const applicationSections: SectionDef[] = [
  { group: 'unit', title: 'form.unit', fields: [
    { key: 'unit.uscc', label: 'f.uscc' }, { key: 'unit.regionCode', label: 'f.regionCode' },
    { key: 'unit.unitType', label: 'f.unitType', options: ['government', 'enterprise', 'social'].map((v) => [v, 'unitType.' + v]) },
    { key: 'unit.name', label: 'f.unitName' }, { key: 'unit.address', label: 'f.address' }] },
  { group: 'legalRep', title: 'form.legalRep', fields: [
    { key: 'legalRep.name', label: 'f.name' }, { key: 'legalRep.idNumber', label: 'f.idNumber' }, { key: 'legalRep.mobile', label: 'f.mobile', type: 'tel' }] },
  { group: 'agent', title: 'form.agent', fields: [
    { key: 'agent.name', label: 'f.name' }, { key: 'agent.idNumber', label: 'f.idNumber' }, { key: 'agent.mobile', label: 'f.mobile', type: 'tel' }] },
  { group: 'approver', title: 'form.approver', fields: [
    { key: 'approver.name', label: 'f.approverName' }, { key: 'approver.regionCode', label: 'f.regionCode' }] },
  { group: 'seal', title: 'form.seal', fields: [
    { key: 'seal.name', label: 'f.sealName' },
    { key: 'seal.category', label: 'f.category', options: SEAL_CATEGORIES.map((c) => [c, 'cat.' + c]) },
    { key: 'seal.widthMm', label: 'f.widthMm' }, { key: 'seal.heightMm', label: 'f.heightMm' },
    { key: 'seal.carrier', label: 'f.carrier', options: [['ukey', 'carrier.ukey'], ['server', 'carrier.server']] },
    { key: 'seal.validFrom', label: 'f.validFrom' }, { key: 'seal.validTo', label: 'f.validTo' }] },
];

// The Chinese unit types the API also accepts (docs/api.md), to their codes.
export const unitTypeCodes: Record<string, string> = { 国家行政机关: 'government', 企业事业单位: 'enterprise', 社会团体: 'social' };
