// The stylesheet inlined into the HTML slot map: system fonts, a 32-column byte ruler per slot, a hue
// per variable (set inline as --h), hatched unused bytes, a dark scheme. No external assets.

export const SLOT_MAP_CSS = `
:root {
  --bg: #f5f6f8; --card: #ffffff; --ink: #1d2330; --muted: #667085; --line: #d9dde5;
  --unused-a: #e2e5eb; --unused-b: #f8f9fb; --sat: 70%; --light: 86%; --edge: 42%;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14161b; --card: #1c1f26; --ink: #e6e8ee; --muted: #98a2b3; --line: #323743;
    --unused-a: #262a33; --unused-b: #1e2129; --sat: 45%; --light: 30%; --edge: 65%;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
code, .mono, .seg, .detail { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
.page { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
header.summary h1 { font-size: 22px; margin: 0 0 4px; font-weight: 650; letter-spacing: -0.01em; }
header.summary .contract { color: var(--muted); margin: 0 0 14px; word-break: break-all; }
header.summary dl { display: flex; flex-wrap: wrap; gap: 10px; margin: 0; }
header.summary dl div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 120px; }
header.summary dt { font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
header.summary dd { margin: 2px 0 0; font-size: 18px; font-weight: 600; word-break: break-all; }
header.summary dd.small { font-size: 13px; font-weight: 500; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; margin: 18px 0 6px; color: var(--muted); font-size: 13px; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; }
.legend .sw { display: inline-block; width: 26px; height: 14px; border-radius: 3px; border: 1px solid var(--line); }
.legend .order { flex-basis: 100%; }
section.group { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px 10px; margin-top: 18px; }
section.group h2 { font-size: 15px; margin: 0 0 8px; font-weight: 650; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
section.group h2 small { font-weight: 400; color: var(--muted); font-size: 12px; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0 8px; }
.row, .ruler-head { display: grid; grid-template-columns: 136px minmax(0, 1fr); column-gap: 10px; align-items: stretch; }
.row { padding: 3px 0; border-top: 1px solid transparent; }
.row + .row { border-top-color: var(--line); }
.slot-id { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); align-self: center; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.slot-id b { color: var(--ink); font-weight: 600; }
.cells, .ruler-head .bytes { display: grid; grid-template-columns: repeat(32, minmax(0, 1fr)); column-gap: 0; }
.ruler-head .bytes span { font-size: 9.5px; color: var(--muted); text-align: center; border-left: 1px solid var(--line); }
.ruler-head .bytes span:first-child { border-left: 0; }
.ruler-head .note { font-size: 11px; color: var(--muted); align-self: end; }
.seg { grid-row: 1; min-height: 44px; padding: 4px 6px; overflow: hidden; border-radius: 5px; font-size: 12px; line-height: 1.3; display: flex; flex-direction: column; justify-content: center; min-width: 0; }
.seg.field { background: hsl(var(--h) var(--sat) var(--light)); box-shadow: inset 0 0 0 1px hsl(var(--h) 45% var(--edge)); color: var(--ink); }
.seg.field .n, .seg.field .v { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.seg.field .n { font-weight: 600; }
.seg.field .n .t { font-weight: 400; color: var(--muted); }
.seg.field .v { opacity: 0.85; }
.seg.role-mapping { background: repeating-linear-gradient(135deg, hsl(var(--h) var(--sat) var(--light)) 0 10px, var(--card) 10px 12px); }
.seg.role-mapping .v, .seg.role-length .t, .seg.role-data .t { font-style: italic; }
.seg.role-data { opacity: 0.92; }
.seg.unused { background: repeating-linear-gradient(45deg, var(--unused-a) 0 5px, var(--unused-b) 5px 10px); box-shadow: inset 0 0 0 1px var(--line); }
.details { grid-column: 2; list-style: none; margin: 5px 0 3px; padding: 0; display: flex; flex-wrap: wrap; gap: 3px 16px; font-size: 12px; }
.detail { display: inline-flex; align-items: baseline; gap: 6px; max-width: 100%; }
.detail .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; background: hsl(var(--h) var(--sat) var(--light)); box-shadow: inset 0 0 0 1px hsl(var(--h) 45% var(--edge)); flex: none; }
.detail .t { color: var(--muted); }
.detail .v { overflow-wrap: anywhere; }
.elided { margin: 6px 0 6px 146px; color: var(--muted); font-size: 12px; font-style: italic; }
footer { margin-top: 22px; color: var(--muted); font-size: 12px; }
`;
