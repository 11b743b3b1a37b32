import { Anchor, FileInput } from "@mantine/core";
import { IconPaperclip } from "@tabler/icons-react";
import { useRef } from "react";
import { Link } from "react-router";
import { appendFields, postForm } from "../../../api/upload.ts";

/**
 * A proof file for a record another page keeps (a checklist step, a background check): uploaded to the evidence
 * library first, then named by its id. A file already uploaded for this form is not uploaded twice when the record
 * itself is refused and sent again.
 */
export function useProofUpload() {
  const uploaded = useRef(new Map<File, string>());
  return async (file: File | null, title: string): Promise<string | null> => {
    if (!file) return null;
    const known = uploaded.current.get(file);
    if (known) return known;
    const form = new FormData();
    appendFields(form, { title });
    form.append("file", file, file.name);
    const res = await postForm("/api/v1/evidence", form, () => {}).done;
    const id = res.items[0]!.id;
    uploaded.current.set(file, id);
    return id;
  };
}

export function ProofFileInput({ value, onChange }: { value: File | null; onChange: (f: File | null) => void }) {
  return (
    <FileInput
      label="Proof file (optional)"
      description="A screenshot, export or signed document: it is kept in the evidence library"
      placeholder="Choose a file"
      leftSection={<IconPaperclip size={16} />}
      clearable
      value={value}
      onChange={onChange}
    />
  );
}

/** The proof of a record: its file in the evidence library and its link, whichever it has. */
export function ProofLinks({ evidenceId, evidenceUrl }: { evidenceId: string | null; evidenceUrl: string | null }) {
  return (
    <>
      {evidenceId && (
        <>
          {" · "}
          <Anchor component={Link} to={`/evidence/${evidenceId}`} size="xs" underline="always">
            proof file
          </Anchor>
        </>
      )}
      {evidenceUrl && (
        <>
          {" · "}
          <Anchor href={evidenceUrl} target="_blank" rel="noreferrer" size="xs" underline="always">
            proof link
          </Anchor>
        </>
      )}
    </>
  );
}
