/**
 * Grouped bars in uPlot: categories at x = 0, 1, 2, …; series s of k is a bar of width 0.8 / k placed side by
 * side with the others inside its category (the bars path builder's per-bar x0 and size, in scale units).
 */
import uPlot from 'uplot';

const GROUP_SPAN = 0.8;
/** uPlot.Series.BarsPathBuilderFacetUnit.ScaleValue (a const enum the bundler cannot see). */
const SCALE_VALUE = 1 as uPlot.Series.BarsPathBuilderFacetUnit;

export function groupedBars(seriesIndex: number, groupSize: number): uPlot.Series.PathBuilder {
  const width = GROUP_SPAN / Math.max(1, groupSize);
  return uPlot.paths.bars!({
    disp: {
      x0: { unit: SCALE_VALUE, values: (u) => Array.from(u.data[0], (x) => x - GROUP_SPAN / 2 + seriesIndex * width) },
      size: { unit: SCALE_VALUE, values: () => [width] },
    },
  });
}

/** The x scale of `n` categories: each a unit wide, centred on its index. */
export const categoryRange = (n: number): [number, number] => [-0.5, Math.max(n, 1) - 0.5];
