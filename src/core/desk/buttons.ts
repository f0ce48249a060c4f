import { label, t } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import type { StaffMember } from "../staff/staff-store.js";
import { joinLines } from "../text.js";
import { say } from "./errors.js";
import type { DeskKit } from "./kit.js";
import { repliesOnly, type PendingPrompt, type ReasonPrompts } from "./reason-prompts.js";
import { agencyButtons, DESK_CHOICE, DESK_OPS, type DeskOp } from "./views/card.js";
import type { DeskTurn } from "./router.js";

/** How long a question asked by a button (the reason to hold or reject) can be answered. */
export const PROMPT_ANSWER_MINUTES = 15;

/** The words a question's notices name it with. */
export function promptParams(prompt: PendingPrompt, language: Language) {
  return {
    code: prompt.code,
    action: label(language, prompt.action === "hold" ? "deskButtonHold" : "deskButtonReject"),
    minutes: PROMPT_ANSWER_MINUTES,
  };
}

/** A staff member pressed a button of a desk card (or of a batch, or of the agency list). */
export async function pressDeskButton(
  kit: DeskKit,
  prompts: ReasonPrompts,
  value: string,
  staff: StaffMember,
  turn: DeskTurn,
): Promise<OutboundMessage[]> {
  const { language, message } = turn;
  const [op, rawCode, agencyId] = value.slice(DESK_CHOICE.length).split(":");
  const code = kit.code(rawCode);
  if (!code || !(DESK_OPS as readonly string[]).includes(op ?? "")) {
    return say(language, "staleButton");
  }
  switch (op as DeskOp) {
    case "vf":
      return kit.change(staff, language, { trackingCode: code, action: "verify" });
    case "vr":
      return kit.verifyAndRoute(staff, language, code, undefined);
    case "rt":
      return agencyId
        ? kit.change(staff, language, { trackingCode: code, action: "route", agencyId })
        : say(language, "staleButton");
    case "ag":
      if (staff.role !== "admin") return say(language, "deskNotAllowed", { code });
      return [
        {
          text: t(language, "deskChooseAgency", { code }),
          choices: agencyButtons(code, kit.deps.catalog, language),
        },
      ];
    case "op":
      try {
        await kit.enqueue(
          await kit.deps.workflow.showCard({
            trackingCode: code,
            actor: kit.actor(staff),
            chat: { channel: message.channel, chatId: message.chatId },
          }),
        );
        return [];
      } catch (error) {
        return kit.explain(error, language, code, staff);
      }
    case "hd":
    case "rj": {
      const action = op === "hd" ? "hold" : "reject";
      if (staff.role !== "admin" && action === "reject")
        return say(language, "deskNotAllowed", { code });
      await prompts.ask(
        { channel: message.channel, userId: message.user.id, chatId: message.chatId },
        action,
        code,
        turn.now,
      );
      const question = action === "hold" ? "deskAskHoldReason" : "deskAskRejectReason";
      const cancels = repliesOnly(message) ? "deskAskReasonRepliesOnly" : "deskAskReasonTyped";
      return [
        {
          text: joinLines(
            [t(language, question, { code, minutes: PROMPT_ANSWER_MINUTES }), t(language, cancels)],
            " ",
          ),
          awaitsReply: true,
        },
      ];
    }
  }
}
