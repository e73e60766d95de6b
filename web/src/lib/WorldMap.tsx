import { geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { useI18n } from '../i18n';
import { alpha2OfNumeric, countryName } from './countries';

const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const shapes = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
const W = 720;
const H = 360;
const projection = geoEqualEarth().fitSize([W, H], shapes);
const path = geoPath(projection);
// A single-hue sequential scale; every step keeps a 3:1 contrast with the white sea/border.
const STEPS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/**
 * Reports by country on a world map (Natural Earth 110m shapes shipped with the console; nothing
 * is fetched from the internet). The same figures are in the table beside it for screen readers.
 */
export function WorldMap({ counts, label }: { counts: Map<string, number>; label: string }) {
  const { lang, num } = useI18n();
  const max = Math.max(1, ...counts.values());
  const paths = useMemo(() => shapes.features.map((f: Feature<Geometry, { name: string }>) => ({ id: String(f.id), d: path(f) ?? '' })), []);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} style={{ width: '100%', maxWidth: W, height: 'auto' }}>
      <rect width={W} height={H} fill="#ffffff" />
      {paths.map((p) => {
        const a2 = alpha2OfNumeric(p.id);
        const n = a2 ? counts.get(a2) ?? 0 : 0;
        const fill = n === 0 ? '#eceff2' : STEPS[Math.min(STEPS.length - 1, Math.floor((Math.log1p(n) / Math.log1p(max)) * (STEPS.length - 0.001)))];
        return (
          <path key={p.id} d={p.d} fill={fill} stroke="#8a96a3" strokeWidth={0.4} data-country={a2}>
            <title>{a2 ? `${countryName(a2, lang)}: ${num(n)}` : ''}</title>
          </path>
        );
      })}
    </svg>
  );
}
