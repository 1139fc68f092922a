// Element symbols and single-bond covalent radii for the elements xTB parametrises (H–Rn, Z 1–86).
// Radii: B. Cordero et al., Dalton Trans. 2008, 2832 (Å; sp3 C, low-spin Mn/Fe/Co).

const SYMBOLS = [
  'H', 'He',
  'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne',
  'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
] as const;

const COVALENT_RADII_ANGSTROM = [
  0.31, 0.28,
  1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58,
  1.66, 1.41, 1.21, 1.11, 1.07, 1.05, 1.02, 1.06,
  2.03, 1.76, 1.7, 1.6, 1.53, 1.39, 1.39, 1.32, 1.26, 1.24, 1.32, 1.22, 1.22, 1.2, 1.19, 1.2, 1.2, 1.16,
  2.2, 1.95, 1.9, 1.75, 1.64, 1.54, 1.47, 1.46, 1.42, 1.39, 1.45, 1.44, 1.42, 1.39, 1.39, 1.38, 1.39, 1.4,
  2.44, 2.15, 2.07, 2.04, 2.03, 2.01, 1.99, 1.98, 1.98, 1.96, 1.94, 1.92, 1.92, 1.89, 1.9, 1.87, 1.87,
  1.75, 1.7, 1.62, 1.51, 1.44, 1.41, 1.36, 1.36, 1.32, 1.45, 1.46, 1.48, 1.4, 1.5, 1.5,
] as const;

/** Heaviest element xTB (GFN1/GFN2/GFN-FF) has parameters for: radon. */
export const MAX_XTB_ATOMIC_NUMBER = 86;

const NUMBER_BY_SYMBOL = new Map<string, number>(SYMBOLS.map((symbol, i) => [symbol.toLowerCase(), i + 1]));

/** Atomic number for a symbol in any letter case ("cl", "CL", "Cl"), or null when it is no element. */
export function atomicNumberOf(symbol: string): number | null {
  return NUMBER_BY_SYMBOL.get(symbol.trim().toLowerCase()) ?? null;
}

/** Canonical symbol ("Cl") for an atomic number 1–118. */
export function elementSymbol(atomicNumber: number): string {
  const symbol = SYMBOLS[atomicNumber - 1];
  if (!symbol) throw new RangeError(`no element with atomic number ${atomicNumber}`);
  return symbol;
}

/** Covalent radius in Å for Z 1–86, null beyond what xTB covers. */
export function covalentRadius(atomicNumber: number): number | null {
  return COVALENT_RADII_ANGSTROM[atomicNumber - 1] ?? null;
}
