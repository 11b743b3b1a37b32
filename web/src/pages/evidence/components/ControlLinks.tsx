import { Badge, Group, Tooltip } from "@mantine/core";
import { Link } from "react-router";
import type { EvidenceControlLink } from "../../../api/models/evidence.ts";

/** The controls a piece of evidence supports, as compact links to each control (stale ones in red). */
export function ControlLinks({ controls, max = 3 }: { controls: EvidenceControlLink[]; max?: number }) {
  if (controls.length === 0) return null;
  const shown = controls.slice(0, max);
  const rest = controls.slice(max);
  return (
    <Group gap={4}>
      {shown.map((c) => (
        <Tooltip key={c.linkId} label={c.name} openDelay={300}>
          <Badge
            component={Link}
            to={`/programs/${c.programId}/controls/${c.key}`}
            variant="light"
            color={c.stale ? "red" : "gray"}
            size="sm"
            className="assay-mono"
            style={{ cursor: "pointer" }}
          >
            {c.key}
          </Badge>
        </Tooltip>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.map((c) => c.key).join(", ")}>
          <Badge variant="outline" color="gray" size="sm">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
