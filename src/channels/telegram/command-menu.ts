import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { MenuCommand } from "../../core/desk/help.js";
import type { FlowSet } from "../../core/flows/loader.js";
import type { Language } from "../../core/messages.js";
import type { StaffRole } from "../../core/words.js";

const BUILT_IN: Record<Language, BotCommand[]> = {
  id: [
    { command: "status", description: "Perkembangan laporan, contoh: /status ADU-7K3F9Q" },
    { command: "laporan", description: "Daftar laporan Anda" },
    { command: "bahasa", description: "Ganti bahasa / change language" },
    { command: "batal", description: "Batalkan laporan yang sedang diisi" },
    { command: "bantuan", description: "Bantuan" },
  ],
  en: [
    { command: "status", description: "Progress of a report, e.g. /status ADU-7K3F9Q" },
    { command: "laporan", description: "Your reports" },
    { command: "bahasa", description: "Change language / ganti bahasa" },
    { command: "batal", description: "Cancel the report you are writing" },
    { command: "bantuan", description: "Help" },
  ],
};

/** The commands users see in Telegram's menu, in Indonesian (default) and English. */
export function commandMenu(flows: FlowSet, language: Language): BotCommand[] {
  const flowCommands = flows.flows.flatMap((flow) => {
    const command = flow.commands[0];
    return command ? [{ command, description: flow.title[language] }] : [];
  });
  return [...flowCommands, ...BUILT_IN[language]];
}

export async function publishCommandMenu(api: Api, flows: FlowSet): Promise<void> {
  await api.setMyCommands(commandMenu(flows, "id"));
  await api.setMyCommands(commandMenu(flows, "en"), { language_code: "en" });
}

/** What the Telegram channel needs to show staff chats the desk's commands. */
export interface StaffMenus {
  menu(role: StaffRole, language: Language): readonly MenuCommand[];
  /** Staff private chats with their role; null for removed staff, who get the citizens' menu. */
  accounts(): Promise<readonly { chatId: string | null; role: StaffRole | null }[]>;
  /** The staff group chats (the desk's, the agencies') and the role of those who work there. */
  readonly groups: readonly { chatId: string; role: StaffRole }[];
}

/**
 * Gives one chat the menu of a role (Telegram's per-chat command scope), or, for null, takes
 * it away so the chat falls back to the citizens' menu.
 */
export async function publishStaffMenu(
  api: Api,
  menus: StaffMenus,
  chatId: string,
  role: StaffRole | null,
): Promise<void> {
  const scope = { type: "chat", chat_id: chatId } as const;
  if (role === null) {
    await api.deleteMyCommands({ scope });
    await api.deleteMyCommands({ scope, language_code: "en" });
    return;
  }
  await api.setMyCommands([...menus.menu(role, "id")], { scope });
  await api.setMyCommands([...menus.menu(role, "en")], { scope, language_code: "en" });
}
