import {
  Anchor,
  Badge,
  Breadcrumbs,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../../api/client.ts";
import type { ResponseOf } from "../../../api/types.ts";
import { type Column, DataTable } from "../../../components/DataTable.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { useProgram } from "../../../program/context.tsx";
import { keys } from "../../../program/queries.ts";
import { coverageColor } from "./FrameworksPage.tsx";

type Show = "all" | "covered" | "uncovered";
type Requirement = ResponseOf<"/api/v1/content/frameworks/{id}">["requirements"][number];

/** /programs/:id/frameworks/:frameworkId — each requirement with the program's controls that cover it. */
export function FrameworkDetailPage() {
  const program = useProgram();
  const { frameworkId = "" } = useParams();
  const [show, setShow] = useState<Show>("all");
  const [q, setQ] = useState("");
  const fw = useQuery({
    queryKey: keys.framework(program.id, frameworkId),
    queryFn: () =>
      api.GET("/api/v1/content/frameworks/{id}", {
        params: { path: { id: frameworkId }, query: { programId: program.id } },
      }),
  });
  const f = fw.data;
  const needle = q.trim().toLowerCase();
  const rows = (f?.requirements ?? []).filter(
    (r) =>
      (show === "all" || (show === "covered") === r.controls.length > 0) &&
      (!needle || `${r.id} ${r.title} ${r.controls.join(" ")}`.toLowerCase().includes(needle)),
  );
  const columns: Column<Requirement>[] = [
    {
      header: "Requirement",
      width: 170,
      cell: (r) => (
        <Text size="sm" className="assay-mono" style={{ whiteSpace: "nowrap", wordBreak: "normal" }}>
          {r.id}
        </Text>
      ),
    },
    { header: "Title", cell: (r) => <Text size="sm">{r.title}</Text> },
    {
      header: "Covering controls",
      width: "40%",
      cell: (r) =>
        r.controls.length === 0 ? (
          <Badge color="orange" variant="light" size="sm">
            Not covered
          </Badge>
        ) : (
          <Group gap={4}>
            {r.controls.map((c) => (
              <Badge
                key={c}
                component={Link}
                to={`/programs/${program.id}/controls/${c}`}
                variant="light"
                size="sm"
                className="assay-mono-badge"
                style={{ cursor: "pointer" }}
              >
                {c}
              </Badge>
            ))}
          </Group>
        ),
    },
  ];
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to={`/programs/${program.id}/frameworks`} size="sm">
          Frameworks
        </Anchor>
        <Text size="sm">{f?.name ?? frameworkId}</Text>
      </Breadcrumbs>
      <ErrorAlert error={fw.error} />
      {!f ? (
        !fw.isError && <Skeleton h={400} />
      ) : (
        <>
          <Stack gap={4}>
            <Title order={1} fz={26}>
              {f.name}{" "}
              <Text span c="dimmed" fz="lg">
                {f.version}
              </Text>
            </Title>
            <Text size="sm" c="dimmed" maw={760}>
              {f.description}
            </Text>
          </Stack>
          <Card withBorder padding="md">
            <Text size="sm" mb={6}>
              Shared controls already cover <b>{f.covered}</b> of {f.total} requirements.
            </Text>
            <Progress
              value={f.total ? (f.covered / f.total) * 100 : 0}
              color={coverageColor(f.covered, f.total)}
              size="lg"
              radius="xl"
              aria-hidden
            />
          </Card>
          <Group justify="space-between">
            <TextInput
              aria-label="Search requirements"
              placeholder="Search requirements or controls"
              leftSection={<IconSearch size={16} />}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={320}
            />
            <SegmentedControl
              aria-label="Show requirements"
              value={show}
              onChange={(v) => setShow(v as Show)}
              data={[
                { value: "all", label: `All (${f.total})` },
                { value: "covered", label: `Covered (${f.covered})` },
                { value: "uncovered", label: `Not covered (${f.total - f.covered})` },
              ]}
            />
          </Group>
          {f.groups.map((g) => {
            const inGroup = rows.filter((r) => r.group === g.id);
            if (inGroup.length === 0) return null;
            return (
              <DataTable
                key={g.id}
                label={`${g.name} requirements`}
                rows={inGroup}
                columns={columns}
                rowKey={(r) => r.id}
                minWidth={640}
                tableProps={{ verticalSpacing: "xs", highlightOnHover: false }}
                toolbar={
                  <Text fw={600}>
                    {g.id} · {g.name}
                  </Text>
                }
              />
            );
          })}
          {rows.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="xl">
              No requirements match.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
