import { Box, Card, Group, SegmentedControl, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import type { RiskHeatMap } from "../../api/models/risks.ts";
import { LEVEL_COLORS, LEVEL_LABELS } from "./labels.ts";

export type Basis = "inherent" | "residual";

/**
 * The likelihood × impact grid of open risks: likelihood rows from the highest down, impact columns, each cell a
 * button with its count that filters the list to that cell (the URL keeps the choice).
 */
export function HeatMap({
  map,
  basis,
  onBasis,
  selected,
  onCell,
}: {
  map: RiskHeatMap | undefined;
  basis: Basis;
  onBasis: (b: Basis) => void;
  selected: { likelihood?: number; impact?: number };
  onCell: (likelihood: number, impact: number) => void;
}) {
  const n = map?.likelihood.length ?? 5;
  const m = map?.impact.length ?? 5;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Risk heat map">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Stack gap={0}>
          <Title order={2} fz="md">
            Heat map
          </Title>
          <Text size="xs" c="dimmed">
            Open risks by likelihood and impact. Choose a cell to list its risks.
          </Text>
        </Stack>
        <SegmentedControl
          size="xs"
          aria-label="Rating shown"
          value={basis}
          onChange={(v) => onBasis(v as Basis)}
          data={[
            { value: "inherent", label: "Inherent" },
            { value: "residual", label: "Residual" },
          ]}
        />
      </Group>
      {!map ? (
        <Skeleton h={220} />
      ) : (
        <Box style={{ display: "grid", gridTemplateColumns: `auto repeat(${m}, minmax(56px, 1fr))`, gap: 4 }}>
          <Text size="xs" fw={600} ta="right" pr={6}>
            Likelihood
          </Text>
          <span style={{ gridColumn: `2 / span ${m}` }} />
          {Array.from({ length: n }, (_, row) => n - row).map((l) => (
            <Row key={l} l={l} map={map} basis={basis} selected={selected} onCell={onCell} />
          ))}
          <span />
          {map.impact.map((label, i) => (
            <Text key={label} size="xs" c="dimmed" ta="center" lh={1.2}>
              {i + 1} {label}
            </Text>
          ))}
          <span />
          <Text size="xs" fw={600} ta="center" style={{ gridColumn: `2 / span ${m}` }}>
            Impact
          </Text>
        </Box>
      )}
      {map && basis === "residual" && map.withoutResidual > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {map.withoutResidual} open {map.withoutResidual === 1 ? "risk has" : "risks have"} no residual rating yet.
        </Text>
      )}
    </Card>
  );
}

function Row({
  l,
  map,
  basis,
  selected,
  onCell,
}: {
  l: number;
  map: RiskHeatMap;
  basis: Basis;
  selected: { likelihood?: number; impact?: number };
  onCell: (likelihood: number, impact: number) => void;
}) {
  return (
    <>
      <Text size="xs" c="dimmed" ta="right" pr={6} style={{ alignSelf: "center" }}>
        {l} {map.likelihood[l - 1]}
      </Text>
      {map.impact.map((_, idx) => {
        const i = idx + 1;
        const cell = map.cells.find((c) => c.likelihood === l && c.impact === i)!;
        const count = cell[basis];
        const isSelected = selected.likelihood === l && selected.impact === i;
        const color = LEVEL_COLORS[cell.level];
        return (
          <UnstyledButton
            key={i}
            onClick={() => onCell(l, i)}
            aria-pressed={isSelected}
            aria-label={`Likelihood ${l} ${map.likelihood[l - 1]}, impact ${i} ${map.impact[i - 1]}: ${count} ${count === 1 ? "risk" : "risks"}, ${LEVEL_LABELS[cell.level].toLowerCase()}`}
            data-testid={`cell-${l}-${i}`}
            style={{
              minHeight: 44,
              borderRadius: 6,
              display: "flex",
              alignItems: "center",
              justifyContent: "center",
              background: `var(--mantine-color-${color}-${count ? 2 : 0})`,
              outline: isSelected ? "3px solid var(--mantine-color-dark-6)" : undefined,
              outlineOffset: -3,
              fontWeight: 700,
              fontSize: count ? 18 : 13,
              color: count ? "var(--mantine-color-dark-9)" : "var(--mantine-color-dark-3)",
            }}
          >
            {count || "·"}
          </UnstyledButton>
        );
      })}
    </>
  );
}
