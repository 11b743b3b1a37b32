import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowLeft, IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { AssetRecovery } from "../continuity/AssetRecovery.tsx";
import { AssetFormModal } from "./AssetFormModal.tsx";
import { ClassificationBadge } from "./AssetsPage.tsx";
import { assetKeys, ENVIRONMENT_LABELS, KIND_LABELS } from "./labels.ts";

/** One asset: what it is, who owns it, where it comes from, and the controls it supports. */
export function AssetPage() {
  const { assetId = "" } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: assetKeys.one(assetId),
    queryFn: () => api.GET("/api/v1/assets/{id}", { params: { path: { id: assetId } } }),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/assets/{id}", { params: { path: { id: assetId } } }),
    onSuccess: () => {
      notifySuccess(`“${q.data?.name}” was removed from the inventory.`);
      navigate({ pathname: "/assets", search });
    },
    onError: (e) => notifyError(e, "The asset stays"),
  });
  const a = q.data;
  const manage = can("assets.manage");
  return (
    <>
      <Anchor component={Link} to={{ pathname: "/assets", search }} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Assets
        </Group>
      </Anchor>
      <PageHeader
        title={a?.name ?? "Asset"}
        description={a ? KIND_LABELS[a.kind] : undefined}
        actions={
          a &&
          manage && (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => window.confirm(`Remove “${a.name}” from the inventory?`) && remove.mutate()}
              >
                Remove
              </Button>
            </>
          )
        }
      />
      <ErrorAlert error={q.error} />
      {!a ? (
        !q.error && <Skeleton h={240} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="lg">
            <Stack gap="lg">
              <Group gap="sm">
                {a.inScope ? (
                  <Badge variant="dot" color="blue">
                    In scope
                  </Badge>
                ) : (
                  <Badge variant="dot" color="gray">
                    Out of scope
                  </Badge>
                )}
                <ClassificationBadge value={a.classification} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
                <Field label="Owner">{a.ownerName ?? ""}</Field>
                <Field label="Environment">{a.environment ? ENVIRONMENT_LABELS[a.environment] : ""}</Field>
                <Field label="External id">{a.externalId ?? ""}</Field>
                <Field label="Source">
                  {a.connectionName ? `Connection ${a.connectionName}` : "Entered by hand or imported"}
                </Field>
                {a.connectionId && (
                  <Field label="Last seen">
                    {a.missingSince ? (
                      <Text size="sm" c="orange">
                        No longer seen since {formatDateTime(a.missingSince)}
                      </Text>
                    ) : a.lastSeenAt ? (
                      formatDateTime(a.lastSeenAt)
                    ) : (
                      ""
                    )}
                  </Field>
                )}
                <Field label="Added">{formatDateTime(a.createdAt)}</Field>
              </SimpleGrid>
              {a.description && <Field label="Description">{a.description}</Field>}
            </Stack>
          </Card>
          {can("continuity.read") && (a.kind === "system" || a.kind === "data_store") && (
            <AssetRecovery assetId={a.id} />
          )}
          <LinkedControls path="/assets" recordId={a.id} canEdit={manage} />
        </Stack>
      )}
      {a && <AssetFormModal opened={editing} onClose={() => setEditing(false)} asset={a} />}
    </>
  );
}
