/** A citizen of a fake platform: Telegram's presses a button, WhatsApp's types its number. */
export interface FakeChatter {
  send(text: string): unknown;
  expect(text: string): Promise<unknown>;
  press(label: string): unknown;
}

/** Walks the short information-request flow up to its summary, where Kirim submits it. */
export async function fillInformationRequest(
  citizen: FakeChatter,
  title = "Syarat membuat akta kelahiran",
): Promise<void> {
  citizen.send("/informasi");
  await citizen.expect("Informasi apa yang Anda butuhkan");
  citizen.send(title);
  await citizen.expect("Jelaskan informasi");
  citizen.send(
    "Apa saja syarat dan berapa lama proses pembuatan akta kelahiran untuk bayi baru lahir?",
  );
  await citizen.expect("bidang apa");
  citizen.press("KTP, KK");
  await citizen.expect("anonim");
  citizen.press("Tidak");
  await citizen.expect("rahasia");
  citizen.press("Tidak");
  await citizen.expect("Periksa");
}

export const TRACKING_CODE = /ADU-[2-9A-HJKMNP-Z]{6}/;
