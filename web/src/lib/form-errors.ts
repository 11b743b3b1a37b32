import { type FormEvent, useRef, useState } from "react";
import { fieldError } from "../components/ErrorAlert.tsx";

type Checks<F extends string> = Partial<Record<F, (value: string) => string | undefined>>;

/** Loose on purpose: the server has the last word; this only catches what is plainly not an address. */
export const emailProblem = (value: string) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? undefined : "Enter an email address like name@example.com.";

/**
 * A form's per-field messages, always about the value on screen: the form's own checks (shown from the first
 * submit on, so a button is never just disabled without saying why) and the server's answer for the value that
 * was sent, which goes away as soon as the field is edited, unless the edited value still fails the form's check.
 */
export function useFormErrors<F extends string>(values: Record<F, string>, error: unknown, checks: Checks<F> = {}) {
  const [tried, setTried] = useState(false);
  const sent = useRef<Partial<Record<F, string>>>({});
  const own = (field: F) => (tried ? checks[field]?.(values[field]) : undefined);
  return {
    /** On submit: whether to send. When not, the form shows why and the first field at fault gets the focus. */
    submit(e?: FormEvent<HTMLFormElement>): boolean {
      setTried(true);
      const failing = (Object.keys(checks) as F[]).some((f) => checks[f]?.(values[f]));
      if (failing) {
        const form = e?.currentTarget;
        requestAnimationFrame(() => form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
        return false;
      }
      sent.current = { ...values };
      return true;
    },
    /** The message under a field, or undefined. */
    of(field: F): string | undefined {
      return own(field) ?? (sent.current[field] === values[field] ? fieldError(error, field) : undefined);
    },
    reset() {
      setTried(false);
      sent.current = {};
    },
  };
}
