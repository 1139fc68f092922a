import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import type { QuantityDisplay } from '@/lib/units/quantity-display';
import { IrSpectrum } from './ir-spectrum';
import { OrbitalDiagram } from './orbital-diagram';
import { ResultSection } from './result-section';

/** The orbital energy diagram and the IR spectrum side by side, each only when the run produced it. */
export function OrbitalsAndSpectrum({ calc, display }: { calc: CalculationDetail; display: QuantityDisplay }) {
  if (!calc.orbitalEnergies?.length && !calc.frequencies?.length) return null;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      {calc.orbitalEnergies?.length ? (
        <ResultSection title="Orbital energies">
          <OrbitalDiagram
            energies={calc.orbitalEnergies}
            occupations={calc.orbitalOccupations}
            unit={display.orbitalEnergy.unit}
            precision={display.orbitalEnergy.precision}
          />
        </ResultSection>
      ) : null}
      {calc.frequencies?.length ? (
        <ResultSection title="IR spectrum">
          <IrSpectrum frequencies={calc.frequencies} intensities={calc.irIntensities} />
        </ResultSection>
      ) : null}
    </div>
  );
}
