"""A horizontal bar chart of ratios on a log scale, as a self-contained SVG: no plotting library.

write(path, title, subtitle, groups) with groups = [(label, [(series, ratio or None), ...]), ...].
Bars grow from 1x: to the right when the ratio is above 1, to the left below it.
"""
import math
from xml.sax.saxutils import escape

COLOURS = ["#2f6db5", "#d9822b", "#3a9a5b", "#a33a8f"]
LABEL_W, PLOT_W, RIGHT_PAD = 330, 520, 70
BAR_H, BAR_GAP, GROUP_GAP, TOP, AXIS_H = 16, 3, 12, 64, 40


def write(path, title, subtitle, groups):
    series = []
    for _, bars in groups:
        for name, _ in bars:
            if name not in series:
                series.append(name)
    ratios = [r for _, bars in groups for _, r in bars if r]
    lo = min([0.1] + ratios)
    hi = max([10.0] + ratios)
    lo_exp, hi_exp = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    x = lambda r: LABEL_W + (math.log10(r) - lo_exp) / (hi_exp - lo_exp) * PLOT_W
    group_h = len(series) * (BAR_H + BAR_GAP) + GROUP_GAP
    height = TOP + len(groups) * group_h + AXIS_H + 24 * len(series)
    width = LABEL_W + PLOT_W + RIGHT_PAD
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<text x="10" y="42" fill="#444">{escape(subtitle)}</text>']
    plot_bottom = TOP + len(groups) * group_h
    for e in range(lo_exp, hi_exp + 1):
        for m in (1, 2, 5):
            v = m * 10.0 ** e
            if v < 10.0 ** lo_exp or v > 10.0 ** hi_exp:
                continue
            gx = x(v)
            major = m == 1
            out.append(f'<line x1="{gx:.1f}" y1="{TOP - 6}" x2="{gx:.1f}" y2="{plot_bottom}" '
                       f'stroke="{"#bbb" if major else "#e4e4e4"}" stroke-width="1"/>')
            out.append(f'<text x="{gx:.1f}" y="{plot_bottom + 16}" text-anchor="middle" '
                       f'fill="{"#222" if major else "#888"}">{v:g}×</text>')
    one = x(1.0)
    for gi, (label, bars) in enumerate(groups):
        gy = TOP + gi * group_h
        out.append(f'<text x="{LABEL_W - 8}" y="{gy + (group_h - GROUP_GAP) / 2 + 4:.1f}" text-anchor="end">'
                   f'{escape(label)}</text>')
        for name, r in bars:
            by = gy + series.index(name) * (BAR_H + BAR_GAP)
            colour = COLOURS[series.index(name) % len(COLOURS)]
            if not r:
                out.append(f'<text x="{one + 4:.1f}" y="{by + BAR_H - 4}" fill="#888">{escape(name)}: not measured</text>')
                continue
            bx = x(max(min(r, 10.0 ** hi_exp), 10.0 ** lo_exp))
            left, w = min(one, bx), max(abs(bx - one), 1.0)
            out.append(f'<rect x="{left:.1f}" y="{by}" width="{w:.1f}" height="{BAR_H}" fill="{colour}"/>')
            tx, anchor = (bx + 4, "start") if r >= 1 else (bx - 4, "end")
            out.append(f'<text x="{tx:.1f}" y="{by + BAR_H - 4}" text-anchor="{anchor}">{r:.2g}×</text>')
    out.append(f'<line x1="{one:.1f}" y1="{TOP - 6}" x2="{one:.1f}" y2="{plot_bottom}" stroke="#222" stroke-width="1.5"/>')
    ly = plot_bottom + AXIS_H
    for i, name in enumerate(series):
        out.append(f'<rect x="{LABEL_W}" y="{ly + i * 24 - 11}" width="14" height="14" '
                   f'fill="{COLOURS[i % len(COLOURS)]}"/>')
        out.append(f'<text x="{LABEL_W + 20}" y="{ly + i * 24}">{escape(name)} / wire</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
