import { Drawer } from "@mantine/core";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { CategoryId } from "../../api/models/program.ts";
import { ExplainBody } from "./ExplainBody.tsx";

export type ExplainTarget =
  | { kind: "overall" }
  | { kind: "category"; id: CategoryId }
  | { kind: "criterion"; id: string };

const ExplainContext = createContext<(t: ExplainTarget) => void>(() => {});

/** `explain({ kind: "criterion", id: "CC6.1" })` opens the drawer that says where a readiness number comes from. */
export const useExplain = () => useContext(ExplainContext);

export function ReadinessExplainer({ programId, children }: { programId: string; children: ReactNode }) {
  const [stack, setStack] = useState<ExplainTarget[]>([]);
  const open = useCallback((t: ExplainTarget) => setStack((s) => [...s, t]), []);
  const close = useCallback(() => setStack([]), []);
  const back = useCallback(() => setStack((s) => s.slice(0, -1)), []);
  const current = stack[stack.length - 1];
  const value = useMemo(() => open, [open]);
  return (
    <ExplainContext.Provider value={value}>
      {children}
      <Drawer opened={!!current} onClose={close} position="right" size="lg" title="Where this number comes from">
        {current && (
          <ExplainBody
            programId={programId}
            target={current}
            onOpen={open}
            onBack={stack.length > 1 ? back : undefined}
            onClose={close}
          />
        )}
      </Drawer>
    </ExplainContext.Provider>
  );
}
