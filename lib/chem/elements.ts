// Periodic table data for the elements xTB's GFN methods parametrise (H–Rn, Z 1–86). Heavier
// elements are known by symbol and name only, so that a refusal can name them precisely: Debian's
// xtb 6.5.1 segfaults on uranium rather than saying it has no parameters.

export type Element = {
  symbol: string;
  atomicNumber: number;
  name: string;
  /** Single-bond covalent radius in Å (Cordero et al., Dalton Trans. 2008; low-spin for Mn, Fe, Co). */
  covalentRadius: number;
  /** Standard atomic weight in g/mol (IUPAC; mass number of the longest-lived isotope for Tc, Pm, Po, At, Rn). */
  mass: number;
};

export const MAX_SUPPORTED_ATOMIC_NUMBER = 86;

// [symbol, name, covalent radius Å, mass g/mol], indexed by Z − 1.
const SUPPORTED: ReadonlyArray<readonly [string, string, number, number]> = [
  ['H', 'hydrogen', 0.31, 1.008],
  ['He', 'helium', 0.28, 4.0026],
  ['Li', 'lithium', 1.28, 6.94],
  ['Be', 'beryllium', 0.96, 9.0122],
  ['B', 'boron', 0.84, 10.81],
  ['C', 'carbon', 0.76, 12.011],
  ['N', 'nitrogen', 0.71, 14.007],
  ['O', 'oxygen', 0.66, 15.999],
  ['F', 'fluorine', 0.57, 18.998],
  ['Ne', 'neon', 0.58, 20.18],
  ['Na', 'sodium', 1.66, 22.99],
  ['Mg', 'magnesium', 1.41, 24.305],
  ['Al', 'aluminium', 1.21, 26.982],
  ['Si', 'silicon', 1.11, 28.085],
  ['P', 'phosphorus', 1.07, 30.974],
  ['S', 'sulfur', 1.05, 32.06],
  ['Cl', 'chlorine', 1.02, 35.45],
  ['Ar', 'argon', 1.06, 39.948],
  ['K', 'potassium', 2.03, 39.098],
  ['Ca', 'calcium', 1.76, 40.078],
  ['Sc', 'scandium', 1.7, 44.956],
  ['Ti', 'titanium', 1.6, 47.867],
  ['V', 'vanadium', 1.53, 50.942],
  ['Cr', 'chromium', 1.39, 51.996],
  ['Mn', 'manganese', 1.39, 54.938],
  ['Fe', 'iron', 1.32, 55.845],
  ['Co', 'cobalt', 1.26, 58.933],
  ['Ni', 'nickel', 1.24, 58.693],
  ['Cu', 'copper', 1.32, 63.546],
  ['Zn', 'zinc', 1.22, 65.38],
  ['Ga', 'gallium', 1.22, 69.723],
  ['Ge', 'germanium', 1.2, 72.63],
  ['As', 'arsenic', 1.19, 74.922],
  ['Se', 'selenium', 1.2, 78.971],
  ['Br', 'bromine', 1.2, 79.904],
  ['Kr', 'krypton', 1.16, 83.798],
  ['Rb', 'rubidium', 2.2, 85.468],
  ['Sr', 'strontium', 1.95, 87.62],
  ['Y', 'yttrium', 1.9, 88.906],
  ['Zr', 'zirconium', 1.75, 91.224],
  ['Nb', 'niobium', 1.64, 92.906],
  ['Mo', 'molybdenum', 1.54, 95.95],
  ['Tc', 'technetium', 1.47, 98],
  ['Ru', 'ruthenium', 1.46, 101.07],
  ['Rh', 'rhodium', 1.42, 102.91],
  ['Pd', 'palladium', 1.39, 106.42],
  ['Ag', 'silver', 1.45, 107.87],
  ['Cd', 'cadmium', 1.44, 112.41],
  ['In', 'indium', 1.42, 114.82],
  ['Sn', 'tin', 1.39, 118.71],
  ['Sb', 'antimony', 1.39, 121.76],
  ['Te', 'tellurium', 1.38, 127.6],
  ['I', 'iodine', 1.39, 126.9],
  ['Xe', 'xenon', 1.4, 131.29],
  ['Cs', 'caesium', 2.44, 132.91],
  ['Ba', 'barium', 2.15, 137.33],
  ['La', 'lanthanum', 2.07, 138.91],
  ['Ce', 'cerium', 2.04, 140.12],
  ['Pr', 'praseodymium', 2.03, 140.91],
  ['Nd', 'neodymium', 2.01, 144.24],
  ['Pm', 'promethium', 1.99, 145],
  ['Sm', 'samarium', 1.98, 150.36],
  ['Eu', 'europium', 1.98, 151.96],
  ['Gd', 'gadolinium', 1.96, 157.25],
  ['Tb', 'terbium', 1.94, 158.93],
  ['Dy', 'dysprosium', 1.92, 162.5],
  ['Ho', 'holmium', 1.92, 164.93],
  ['Er', 'erbium', 1.89, 167.26],
  ['Tm', 'thulium', 1.9, 168.93],
  ['Yb', 'ytterbium', 1.87, 173.05],
  ['Lu', 'lutetium', 1.87, 174.97],
  ['Hf', 'hafnium', 1.75, 178.49],
  ['Ta', 'tantalum', 1.7, 180.95],
  ['W', 'tungsten', 1.62, 183.84],
  ['Re', 'rhenium', 1.51, 186.21],
  ['Os', 'osmium', 1.44, 190.23],
  ['Ir', 'iridium', 1.41, 192.22],
  ['Pt', 'platinum', 1.36, 195.08],
  ['Au', 'gold', 1.36, 196.97],
  ['Hg', 'mercury', 1.32, 200.59],
  ['Tl', 'thallium', 1.45, 204.38],
  ['Pb', 'lead', 1.46, 207.2],
  ['Bi', 'bismuth', 1.48, 208.98],
  ['Po', 'polonium', 1.4, 209],
  ['At', 'astatine', 1.5, 210],
  ['Rn', 'radon', 1.5, 222],
];

// Z 87–118: recognised so the message can say "uranium (U, Z = 92)" instead of "unknown element".
const UNSUPPORTED: ReadonlyArray<readonly [string, string]> = [
  ['Fr', 'francium'],
  ['Ra', 'radium'],
  ['Ac', 'actinium'],
  ['Th', 'thorium'],
  ['Pa', 'protactinium'],
  ['U', 'uranium'],
  ['Np', 'neptunium'],
  ['Pu', 'plutonium'],
  ['Am', 'americium'],
  ['Cm', 'curium'],
  ['Bk', 'berkelium'],
  ['Cf', 'californium'],
  ['Es', 'einsteinium'],
  ['Fm', 'fermium'],
  ['Md', 'mendelevium'],
  ['No', 'nobelium'],
  ['Lr', 'lawrencium'],
  ['Rf', 'rutherfordium'],
  ['Db', 'dubnium'],
  ['Sg', 'seaborgium'],
  ['Bh', 'bohrium'],
  ['Hs', 'hassium'],
  ['Mt', 'meitnerium'],
  ['Ds', 'darmstadtium'],
  ['Rg', 'roentgenium'],
  ['Cn', 'copernicium'],
  ['Nh', 'nihonium'],
  ['Fl', 'flerovium'],
  ['Mc', 'moscovium'],
  ['Lv', 'livermorium'],
  ['Ts', 'tennessine'],
  ['Og', 'oganesson'],
];

export const ELEMENTS: readonly Element[] = SUPPORTED.map(([symbol, name, covalentRadius, mass], index) => ({
  symbol,
  atomicNumber: index + 1,
  name,
  covalentRadius,
  mass,
}));

const bySymbolLower = new Map<string, Element>(ELEMENTS.map((element) => [element.symbol.toLowerCase(), element]));
const unsupportedBySymbolLower = new Map<string, { symbol: string; name: string; atomicNumber: number }>(
  UNSUPPORTED.map(([symbol, name], index) => [symbol.toLowerCase(), { symbol, name, atomicNumber: 87 + index }]),
);

export type ElementLookup = { ok: true; element: Element } | { ok: false; message: string };

const SUPPORTED_RANGE = 'xTB parametrises H–Rn (Z 1–86)';

/** The element with this atomic number, or a message saying why it cannot be used. */
export function elementByAtomicNumber(atomicNumber: number): ElementLookup {
  if (!Number.isInteger(atomicNumber) || atomicNumber < 1) {
    return { ok: false, message: `atomic number ${atomicNumber} is not an element` };
  }
  const element = ELEMENTS[atomicNumber - 1];
  if (element) return { ok: true, element };
  const heavy = UNSUPPORTED[atomicNumber - 87];
  if (heavy) {
    return { ok: false, message: `${heavy[1]} (${heavy[0]}, Z = ${atomicNumber}) is not supported: ${SUPPORTED_RANGE}` };
  }
  return { ok: false, message: `atomic number ${atomicNumber} is not an element` };
}

/**
 * Looks up an element by symbol in any case ("cl", "CL", "Cl") or by atomic number ("17"), as XYZ
 * writers differ. Deuterium and tritium ("D", "T") count as hydrogen.
 */
export function lookupElement(token: string): ElementLookup {
  const trimmed = token.trim();
  if (/^\d+$/.test(trimmed)) return elementByAtomicNumber(Number(trimmed));
  const lower = trimmed.toLowerCase();
  if (lower === 'd' || lower === 't') return { ok: true, element: ELEMENTS[0]! };
  const element = bySymbolLower.get(lower);
  if (element) return { ok: true, element };
  const heavy = unsupportedBySymbolLower.get(lower);
  if (heavy) {
    return {
      ok: false,
      message: `${heavy.name} (${heavy.symbol}, Z = ${heavy.atomicNumber}) is not supported: ${SUPPORTED_RANGE}`,
    };
  }
  return { ok: false, message: `unknown element '${truncateForMessage(trimmed)}'` };
}

/** Like lookupElement, for callers that already validated their input. */
export function requireElement(token: string | number): Element {
  const lookup = typeof token === 'number' ? elementByAtomicNumber(token) : lookupElement(token);
  if (!lookup.ok) throw new Error(lookup.message);
  return lookup.element;
}

/** Hill-order formula (C, H, then alphabetical; alphabetical when there is no carbon), e.g. C8H10N4O2. */
export function hillFormula(symbols: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const symbol of symbols) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  const order = [...counts.keys()].sort();
  const hasCarbon = counts.has('C');
  const ordered = hasCarbon ? ['C', ...(counts.has('H') ? ['H'] : []), ...order.filter((s) => s !== 'C' && s !== 'H')] : order;
  return ordered
    .map((symbol) => {
      const count = counts.get(symbol)!;
      return count === 1 ? symbol : `${symbol}${count}`;
    })
    .join('');
}

/** Molar mass in g/mol from standard atomic weights. */
export function molarMass(symbols: Iterable<string>): number {
  let total = 0;
  for (const symbol of symbols) total += requireElement(symbol).mass;
  return total;
}

export function truncateForMessage(text: string, max = 20): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
