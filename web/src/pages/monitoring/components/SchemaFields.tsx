import {
  Badge,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Textarea,
  TextInput,
} from "@mantine/core";
import type { ReactNode } from "react";
import type { Connector } from "../../../api/models/monitoring.ts";
import { humanize } from "../labels.ts";

/**
 * Form fields generated from a connector's JSON Schema (settings or secrets), so a connector added on the server
 * gets its setup form without any change here. Values stay as typed; `schemaValues` turns them into the body.
 */
export type FieldValues = Record<string, unknown>;

/** A connector's settings or secrets schema: the API sends it as an open JSON object. */
export type ConnectorSchema = Connector["configSchema"];

/** The subset of JSON Schema the connectors' zod schemas produce (src/integrations/<name>), as read here. */
interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
const read = (schema: ConnectorSchema) => schema as JsonSchema;

/** The names of the fields a schema describes. */
export const schemaFields = (schema: ConnectorSchema) => Object.keys(read(schema).properties ?? {});

/** A nullable field comes out of zod as anyOf [T, null]: use T. */
function unwrap(s: JsonSchema): JsonSchema {
  const alt = s.anyOf ?? s.oneOf;
  if (!alt) return s;
  return { ...alt.find((a) => a.type !== "null"), description: s.description, title: s.title, default: s.default };
}

type Kind = "enum" | "boolean" | "number" | "list" | "long" | "text";
function kindOf(s: JsonSchema): Kind {
  if (s.enum) return "enum";
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "boolean") return "boolean";
  if (type === "integer" || type === "number") return "number";
  if (type === "array") return "list";
  // Certificates, CSV content and key lists are long, multi-line values.
  if ((s.maxLength ?? 0) > 5000) return "long";
  return "text";
}

const fmt = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));

function help(s: JsonSchema, extra?: string): ReactNode {
  const parts = [
    s.description,
    s.default !== undefined && !Array.isArray(s.default) ? `Default: ${fmt(s.default)}.` : null,
    extra,
  ];
  const text = parts.filter(Boolean).join(" ");
  return text || undefined;
}

/** The body for the API: empty inputs are left out (so the server's defaults apply), numbers become numbers. */
export function schemaValues(schema: ConnectorSchema, values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [key, raw] of Object.entries(read(schema).properties ?? {})) {
    const v = values[key];
    const kind = kindOf(unwrap(raw));
    if (v === undefined || v === null || v === "") continue;
    if (kind === "list" && Array.isArray(v) && v.length === 0) continue;
    if (kind === "number") {
      const n = typeof v === "number" ? v : Number(v);
      out[key] = Number.isFinite(n) ? n : v;
    } else out[key] = v;
  }
  return out;
}

/**
 * Numbers outside the schema's range, by field, with a message naming the value typed. The inputs do not clamp
 * (a port of 99999 must not silently become 65535 and then fail as a port the person never typed).
 */
export function schemaProblems(schema: ConnectorSchema, values: FieldValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, raw] of Object.entries(read(schema).properties ?? {})) {
    const s = unwrap(raw);
    const v = values[key];
    if (kindOf(s) !== "number" || v === undefined || v === null || v === "") continue;
    const n = typeof v === "number" ? v : Number(v);
    const whole = s.type === "integer";
    const out =
      !Number.isFinite(n) ||
      (whole && !Number.isInteger(n)) ||
      (s.minimum !== undefined && n < s.minimum) ||
      (s.maximum !== undefined && n > s.maximum);
    if (!out) continue;
    const range =
      s.minimum !== undefined && s.maximum !== undefined
        ? ` from ${s.minimum} to ${s.maximum}`
        : s.minimum !== undefined
          ? ` of at least ${s.minimum}`
          : s.maximum !== undefined
            ? ` of at most ${s.maximum}`
            : "";
    problems[key] =
      `${s.title ?? humanize(key)} ${String(v)} is out of range: use a ${whole ? "whole " : ""}number${range}.`;
  }
  return problems;
}

export function SchemaFields({
  schema,
  values,
  onChange,
  errorFor,
  secret = false,
  setFields = [],
  idPrefix,
}: {
  schema: ConnectorSchema;
  values: FieldValues;
  onChange: (key: string, value: unknown) => void;
  errorFor: (key: string) => string | undefined;
  /** Secrets: password inputs, never pre-filled; `setFields` are the ones stored already. */
  secret?: boolean;
  setFields?: string[];
  idPrefix: string;
}) {
  const required = new Set(read(schema).required ?? []);
  const entries = Object.entries(read(schema).properties ?? {});
  return (
    <Stack gap="sm">
      {entries.map(([key, raw]) => {
        const s = unwrap(raw);
        const kind = kindOf(s);
        const isSet = setFields.includes(key);
        const label = (
          <Group gap={6} component="span" wrap="nowrap" display="inline-flex">
            {s.title ?? humanize(key)}
            {isSet && (
              <Badge size="xs" variant="light" color="teal" component="span">
                set
              </Badge>
            )}
          </Group>
        );
        const common = {
          id: `${idPrefix}-${key}`,
          label,
          required: required.has(key) && !isSet,
          error: errorFor(key),
          "data-field": key,
        };
        const v = values[key];
        if (kind === "enum")
          return (
            <Select
              key={key}
              {...common}
              data={(s.enum ?? []).map((e) => ({ value: String(e), label: String(e) }))}
              value={v === undefined || v === null ? null : String(v)}
              onChange={(x) => onChange(key, x ?? undefined)}
              placeholder={s.default !== undefined ? String(s.default) : "Choose"}
              clearable={!required.has(key)}
              description={help(s)}
            />
          );
        if (kind === "boolean")
          return (
            <Switch
              key={key}
              id={common.id}
              label={common.label}
              description={help(s)}
              checked={v === undefined ? s.default === true : v === true}
              onChange={(e) => onChange(key, e.currentTarget.checked)}
              error={common.error}
            />
          );
        if (kind === "number")
          return (
            <NumberInput
              key={key}
              {...common}
              min={s.minimum}
              max={s.maximum}
              clampBehavior="none"
              allowDecimal={s.type !== "integer"}
              value={typeof v === "number" || typeof v === "string" ? v : ""}
              onChange={(x) => onChange(key, x === "" ? undefined : x)}
              placeholder={s.default !== undefined ? String(s.default) : undefined}
              description={help(s)}
            />
          );
        if (kind === "list")
          return (
            <TagsInput
              key={key}
              {...common}
              value={Array.isArray(v) ? v.map(String) : []}
              onChange={(x) => onChange(key, x)}
              placeholder="Type a value and press Enter"
              description={help(
                s,
                s.default !== undefined && Array.isArray(s.default) && s.default.length === 0
                  ? "Leave empty for all."
                  : undefined,
              )}
              clearable
            />
          );
        const placeholder =
          secret && isSet ? "Stored — type to replace" : s.default !== undefined ? fmt(s.default) : undefined;
        const text = typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
        if (kind === "long")
          return (
            <Textarea
              key={key}
              {...common}
              autosize
              minRows={3}
              maxRows={10}
              value={text}
              onChange={(e) => onChange(key, e.currentTarget.value)}
              placeholder={placeholder}
              description={help(s)}
              className={secret ? undefined : "assay-mono"}
              autoComplete="off"
              spellCheck={false}
            />
          );
        if (secret)
          return (
            <PasswordInput
              key={key}
              {...common}
              value={text}
              onChange={(e) => onChange(key, e.currentTarget.value)}
              placeholder={placeholder}
              description={help(s)}
              autoComplete="new-password"
            />
          );
        return (
          <TextInput
            key={key}
            {...common}
            value={text}
            onChange={(e) => onChange(key, e.currentTarget.value)}
            placeholder={placeholder}
            description={help(s)}
            autoComplete="off"
            spellCheck={false}
          />
        );
      })}
    </Stack>
  );
}
