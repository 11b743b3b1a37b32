/**
 * The built-in security questionnaire: fifteen questions in our own words covering what a vendor review usually
 * asks (assurance, access, encryption, incidents, continuity, people, subprocessors). Yes is the favourable answer
 * unless a question says otherwise; the weights say how much each counts in the score (core/vendors.ts).
 */
import type { Question } from "../../core/vendors.ts";

const yes = (id: string, text: string, weight: number): Question => ({
  id,
  text,
  type: "yes_no",
  weight,
  favourable: "yes",
});

export const BUILTIN_TEMPLATE = {
  id: "builtin",
  name: "Standard vendor security questionnaire",
  builtIn: true,
  questions: [
    yes("q01", "Do you hold a current independent security attestation (SOC 2, ISO 27001 or similar)?", 3),
    yes("q02", "Do you have written security policies that management approves at least once a year?", 2),
    yes(
      "q03",
      "Is access to systems holding our data limited to staff who need it, and reviewed at least quarterly?",
      3,
    ),
    yes(
      "q04",
      "Is multi-factor authentication required for all staff access to production and administrative tools?",
      3,
    ),
    yes("q05", "Is our data encrypted in transit (TLS 1.2 or later) and at rest?", 3),
    yes("q06", "Do you scan for vulnerabilities and patch critical ones within a defined time?", 2),
    yes("q07", "Do you have an incident response plan that you have tested in the last twelve months?", 2),
    yes("q08", "Will you tell us about a security incident affecting our data within 72 hours of finding it?", 3),
    yes("q09", "Do you back up our data and test restoring it at least once a year?", 2),
    yes("q10", "Do staff complete security awareness training when they join and every year after?", 1),
    yes("q11", "Do you check the background of staff who can reach customer data, where the law allows it?", 1),
    yes("q12", "Do you keep a list of your own subprocessors and tell customers before adding one?", 2),
    {
      id: "q13",
      text: "Has a security incident affected customer data in the last twenty-four months?",
      type: "yes_no",
      weight: 2,
      favourable: "no",
    },
    {
      id: "q14",
      text: "Where (which countries or regions) will our data be stored and processed?",
      type: "text",
      weight: 1,
    },
    { id: "q15", text: "Anything else we should know about how you protect our data?", type: "text", weight: 0 },
  ] satisfies Question[],
};
