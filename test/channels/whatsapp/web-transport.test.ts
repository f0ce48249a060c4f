import wwebjs from "whatsapp-web.js";
import { describe, expect, it } from "vitest";
import { toWhatsAppMessage } from "../../../src/channels/whatsapp/web-transport.js";

/** The class whatsapp-web.js builds its messages with (its typings declare an interface only). */
const { Message } = wwebjs as unknown as {
  Message: new (client: unknown, data: Record<string, unknown>) => wwebjs.Message;
};

/** A message as whatsapp-web.js builds it from WhatsApp Web's data (no browser needed). */
function received(data: Record<string, unknown>): wwebjs.Message {
  const id = { _serialized: "false_6281234500001@c.us_3EB0", fromMe: false, id: "3EB0" };
  return new Message(
    {},
    {
      id,
      from: "6281234500001@c.us",
      to: "6280000000000@c.us",
      t: 1_780_000_000,
      ...data,
    },
  );
}

describe("whatsapp-web.js messages as the channel reads them", () => {
  it("reads the name and address of a place picked from the app's list", async () => {
    const message = await toWhatsAppMessage(
      received({
        type: "location",
        lat: -6.2001,
        lng: 106.8001,
        loc: "SD Negeri 3\nJl. Merdeka No. 1\nKecamatan Gambir, Jakarta Pusat",
        body: "/9j/4AAQSkZJRgABAQ",
      }),
    );
    expect(message.location).toEqual({
      latitude: -6.2001,
      longitude: 106.8001,
      name: "SD Negeri 3",
      address: "Jl. Merdeka No. 1, Kecamatan Gambir, Jakarta Pusat",
    });
  });

  it("reads a dropped pin as coordinates only", async () => {
    const message = await toWhatsAppMessage(received({ type: "location", lat: -6.2, lng: 106.8 }));
    expect(message.location).toEqual({ latitude: -6.2, longitude: 106.8 });
  });
});
