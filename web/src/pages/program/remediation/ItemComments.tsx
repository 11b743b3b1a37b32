import { Button, Group, Mark, Paper, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { api } from "../../../api/client.ts";
import type { RemediationItemDetail } from "../../../api/models/remediation.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { LimitedTextarea, overLimit } from "../../../components/LimitedTextarea.tsx";
import { ReadOnlyNotice } from "../../../components/ReadOnlyNotice.tsx";
import { formatDateTime, RelativeTime } from "../../../components/Time.tsx";
import { keys, useMembers } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";

type Comment = {
  id: string;
  author: { name: string } | null;
  body: string;
  mentions: { email: string }[];
  createdAt: string;
};

/** The comment's text with each resolved @email mention marked (other addresses stay plain text). */
function CommentBody({ comment }: { comment: Comment }) {
  const emails = new Set(comment.mentions.map((m) => m.email.toLowerCase()));
  const parts = comment.body.split(/(@[^\s@]+@[^\s@]+)/g);
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
      {parts.map((part, i) => {
        const email = part.slice(1).replace(/[.,;:]+$/, "");
        if (i % 2 === 1 && emails.has(email.toLowerCase()))
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
            <span key={i}>
              <Mark color="blue">@{email}</Mark>
              {part.slice(1 + email.length)}
            </span>
          );
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
        return <span key={i}>{part}</span>;
      })}
    </Text>
  );
}

/** The item's comments, oldest first, and a form to add one with @email mentions of members. */
export function ItemComments({ programId, item }: { programId: string; item: RemediationItemDetail }) {
  const can = useCan();
  const members = useMembers();
  const [body, setBody] = useState("");
  const [pick, setPick] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const q = useQuery({
    queryKey: [...keys.remediationItem(programId, item.id), "comments"],
    queryFn: () =>
      api.GET("/api/v1/programs/{programId}/remediation/{id}/comments", {
        params: { path: { programId, id: item.id } },
      }),
  });
  const post = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/programs/{programId}/remediation/{id}/comments", {
        params: { path: { programId, id: item.id } },
        body: { body },
      }),
    onSuccess: () => setBody(""),
  });
  const mention = (userId: string | null) => {
    const m = members.data?.items.find((x) => x.userId === userId);
    setPick(null);
    if (!m) return;
    setBody((b) => `${b}${b && !/\s$/.test(b) ? " " : ""}@${m.email} `);
    requestAnimationFrame(() => field.current?.focus());
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!body.trim() || overLimit(body)) return;
    post.mutate();
  };
  const comments = (q.data?.items ?? []) as Comment[];
  return (
    <Stack gap="md">
      {q.isError && <ErrorAlert error={q.error} />}
      {q.isSuccess && !comments.length && (
        <Text size="sm" c="dimmed">
          No comments yet
        </Text>
      )}
      {comments.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-testid="remediation-comment">
          <Text size="xs" c="dimmed" mb={4} title={formatDateTime(c.createdAt)}>
            <Text span fw={600} size="xs" c="var(--mantine-color-text)">
              {c.author?.name ?? "A former member"}
            </Text>{" "}
            · <RelativeTime value={c.createdAt} size="xs" />
          </Text>
          <CommentBody comment={c} />
        </Paper>
      ))}
      {can("remediation.comment") ? (
        <form onSubmit={submit} aria-label={`Comment on ${item.ref}`} noValidate>
          <Stack gap="xs">
            <ErrorAlert error={post.error} />
            <LimitedTextarea
              ref={field}
              label="Comment"
              description="Mention a member with @ and their email, e.g. @dana@example.com: they are notified."
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <Group justify="space-between" align="flex-end">
              {can("members.read") ? (
                <Select
                  label="Mention a member"
                  placeholder="Pick a member"
                  searchable
                  value={pick}
                  onChange={mention}
                  data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
                  nothingFoundMessage="Nobody by that name"
                  w={280}
                />
              ) : (
                <span />
              )}
              <Button type="submit" loading={post.isPending} disabled={!body.trim()}>
                Post
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <ReadOnlyNotice>Your role can read the comments but not add one.</ReadOnlyNotice>
      )}
    </Stack>
  );
}
