import { Text, Textarea, type TextareaProps } from "@mantine/core";
import { useEffect, useRef } from "react";
import { TEXT_LIMITS, tooLongMessage } from "../../../src/core/text-limits.ts";

export { TEXT_LIMITS };

/** The refusal for text over its limit (the server's words), or undefined when it fits. */
export const overLimit = (value: string | null | undefined, limit: number = TEXT_LIMITS.long) =>
  (value?.length ?? 0) > limit ? tooLongMessage(limit, value?.length) : undefined;

/**
 * A textarea for free text with a limit the server shares (`TEXT_LIMITS`). Unlike `maxLength`, which silently cuts
 * pasted text, it keeps everything typed, counts characters once they near the limit, and when over says so and
 * marks itself invalid; its form is then not sent (even a `noValidate` one) and the field gets the focus.
 */
export function LimitedTextarea({
  limit = TEXT_LIMITS.long,
  error,
  ...props
}: Omit<TextareaProps, "maxLength"> & { limit?: number }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const length = typeof props.value === "string" ? props.value.length : 0;
  const refusal = overLimit(typeof props.value === "string" ? props.value : "", limit);
  useEffect(() => {
    const field = ref.current;
    field?.setCustomValidity(refusal ?? "");
    const form = field?.form;
    if (!field || !form || !refusal) return;
    // Forms with noValidate skip the browser's check: stop their submit before React's handler sends anything.
    const refuse = (e: Event) => {
      e.preventDefault();
      e.stopImmediatePropagation();
      field.focus();
    };
    form.addEventListener("submit", refuse, true);
    return () => form.removeEventListener("submit", refuse, true);
  }, [refusal]);
  const near = length >= limit * 0.8;
  return (
    <Textarea
      ref={ref}
      {...props}
      error={error ?? refusal}
      inputContainer={(children) => (
        <>
          {children}
          {near && (
            <Text size="xs" ta="right" mt={4} c={refusal ? "var(--mantine-color-error)" : "dimmed"}>
              {length.toLocaleString("en-US")} / {limit.toLocaleString("en-US")} characters
            </Text>
          )}
        </>
      )}
    />
  );
}
