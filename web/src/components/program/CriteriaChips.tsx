import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { useCriteria } from "../../program/queries.ts";

/** Criterion ids as small badges with the criterion's title on hover; `max` shows "+n" for the rest. */
export function CriteriaChips({
  ids,
  max,
  onSelect,
  withTitles,
}: {
  ids: string[];
  max?: number;
  onSelect?: (id: string) => void;
  /** Show "CC6.1 · Logical access security" instead of the bare id. */
  withTitles?: boolean;
}) {
  const criteria = useCriteria();
  const title = (id: string) => criteria.data?.criteria.find((c) => c.id === id)?.title ?? id;
  const shown = max ? ids.slice(0, max) : ids;
  const rest = ids.length - shown.length;
  if (ids.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((id) => (
        <Tooltip key={id} label={`${id} · ${title(id)}`} openDelay={300}>
          <Badge
            variant="outline"
            color="gray"
            size="sm"
            radius="sm"
            className="assay-mono-badge"
            component={onSelect ? "button" : "span"}
            onClick={onSelect ? () => onSelect(id) : undefined}
            style={onSelect ? { cursor: "pointer" } : undefined}
            aria-label={onSelect ? `${id} ${title(id)}: explain` : undefined}
          >
            {withTitles ? `${id} · ${title(id)}` : id}
          </Badge>
        </Tooltip>
      ))}
      {rest > 0 && (
        <Tooltip label={ids.slice(shown.length).join(", ")}>
          <Badge variant="transparent" color="gray" size="sm">
            +{rest}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
