/**
 * A QR code drawn as one SVG path on the server (no client JavaScript, prints sharply at any size). The encoding
 * (version, error correction, masking) is the `uqr` library's; this only turns its matrix of dark modules into a path.
 */
import { encode } from "uqr";

export function QrCode({ value, label, className }: { value: string; label: string; className?: string }) {
  // Error correction M survives a worn or creased printout; a border of 4 modules is the quiet zone scanners need.
  const { data, size } = encode(value, { ecc: "M", border: 4 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges" className={className}>
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
