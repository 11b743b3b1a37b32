import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  darken,
  lighten,
  luminance,
  type MantineColorsTuple,
} from "@mantine/core";

/** Indigo brand; shade 6 keeps white text above 4.5:1 contrast in both schemes. */
const brand: MantineColorsTuple = [
  "#eef2ff",
  "#e0e7ff",
  "#c7d2fe",
  "#a5b4fc",
  "#818cf8",
  "#6366f1",
  "#4f46e5",
  "#4338ca",
  "#3730a3",
  "#312e81",
];

export const theme = createTheme({
  primaryColor: "brand",
  primaryShade: { light: 6, dark: 6 },
  colors: { brand },
  defaultRadius: "md",
  cursorType: "pointer",
  focusRing: "auto",
  fontFamily:
    "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  fontFamilyMonospace: "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
  headings: { fontWeight: "650" },
  components: {
    Button: { defaultProps: { radius: "md" } },
    Paper: { defaultProps: { radius: "md" } },
    Card: { defaultProps: { radius: "md" } },
    Tooltip: { defaultProps: { withArrow: true } },
    Modal: { defaultProps: { centered: true, closeButtonProps: { "aria-label": "Close" } } },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    Notification: {
      defaultProps: { closeButtonProps: { "aria-label": "Dismiss notification" } },
      // Mantine paints the description under a title in gray-6 / dark-2 directly, not through --mantine-color-dimmed.
      styles: { description: { color: "var(--mantine-color-dimmed)" } },
    },
    Alert: { defaultProps: { closeButtonLabel: "Dismiss" } },
    CloseButton: { defaultProps: { "aria-label": "Close" } },
    // Mantine's focus placeholder is a focusable role="presentation" div inside role="menu" (axe: critical).
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
    // A status never hides its words: badges wrap onto a second line instead of ending in "…".
    Badge: {
      defaultProps: { radius: "sm" },
      styles: {
        root: { maxWidth: "100%", height: "auto", minHeight: "var(--badge-height)", overflow: "visible" },
        label: { whiteSpace: "normal", overflow: "visible", textOverflow: "clip", lineHeight: 1.25, paddingBlock: 2 },
      },
    },
  },
});

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color`, darkened (or lightened on a dark background) just enough to read at ≥ 4.5:1, with a margin. */
function readableOn(color: string, background: string): string {
  const shift = luminance(background) > 0.18 ? darken : lighten;
  let shade = color;
  for (let step = 0; contrast(shade, background) < 4.7 && step < 10; step++) shade = shift(color, (step + 1) * 0.08);
  return shade;
}

/**
 * Secondary ("dimmed") text, placeholders, field errors and every colour's text, outline, filled and light-variant
 * shades at WCAG AA contrast (4.5:1) in both schemes. Mantine's defaults sit at 3.3:1 (dimmed and gray outline on
 * white), 3.3:1 (red errors), 2.5:1 (teal text) and down to 2.7:1 (yellow on its tint).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": "#575e65",
    "--mantine-color-placeholder": "#5f666d",
    "--mantine-color-error": "var(--mantine-color-red-9)",
  };
  const dark: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-placeholder": "var(--mantine-color-dark-1)",
    "--mantine-color-error": "var(--mantine-color-red-5)",
  };
  for (const [name, shades] of Object.entries({ ...DEFAULT_THEME.colors, ...t.colors })) {
    if (name === "dark" || !shades) continue;
    // Coloured text and outlines on white or the light grey surface.
    const text = readableOn(shades[6], "#f1f3f5");
    // White text on a filled badge or button.
    const filled = readableOn(shades[6], "#ffffff");
    Object.assign(light, {
      [`--mantine-color-${name}-text`]: text,
      [`--mantine-color-${name}-outline`]: text,
      [`--mantine-color-${name}-filled`]: filled,
      [`--mantine-color-${name}-filled-hover`]: darken(filled, 0.12),
      [`--mantine-color-${name}-light-color`]: readableOn(shades[9], shades[1]),
    });
    Object.assign(dark, {
      // Coloured text on the dark cards (dark-6), the lightest dark surface.
      [`--mantine-color-${name}-text`]: readableOn(shades[4], "#2e2e2e"),
      [`--mantine-color-${name}-filled`]: filled,
      [`--mantine-color-${name}-filled-hover`]: darken(filled, 0.12),
    });
  }
  return { variables: {}, light, dark };
};
