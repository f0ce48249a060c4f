/**
 * The message bodies the Cloud API's messages endpoint accepts, as far as Aduan sends them.
 * Reference: https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages
 * and the neighbouring pages for list, location request, template and media messages.
 */

export interface TextContent {
  readonly type: "text";
  readonly text: { readonly body: string; readonly preview_url: boolean };
}

export interface ReplyButtonsContent {
  readonly type: "interactive";
  readonly interactive: {
    readonly type: "button";
    readonly body: { readonly text: string };
    readonly action: {
      readonly buttons: readonly {
        readonly type: "reply";
        readonly reply: { readonly id: string; readonly title: string };
      }[];
    };
  };
}

export interface ListContent {
  readonly type: "interactive";
  readonly interactive: {
    readonly type: "list";
    readonly body: { readonly text: string };
    readonly action: {
      readonly button: string;
      readonly sections: readonly {
        readonly rows: readonly {
          readonly id: string;
          readonly title: string;
          readonly description?: string;
        }[];
      }[];
    };
  };
}

export interface LocationRequestContent {
  readonly type: "interactive";
  readonly interactive: {
    readonly type: "location_request_message";
    readonly body: { readonly text: string };
    readonly action: { readonly name: "send_location" };
  };
}

export interface TemplateContent {
  readonly type: "template";
  readonly template: {
    readonly name: string;
    readonly language: { readonly code: string };
    readonly components: readonly (
      | {
          readonly type: "body";
          readonly parameters: readonly { readonly type: "text"; readonly text: string }[];
        }
      | {
          readonly type: "button";
          readonly sub_type: "quick_reply";
          readonly index: string;
          readonly parameters: readonly { readonly type: "payload"; readonly payload: string }[];
        }
    )[];
  };
}

/** A photo or file uploaded beforehand (staff proof), by its media id. */
export type MediaContent =
  | { readonly type: "image"; readonly image: { readonly id: string; readonly caption?: string } }
  | {
      readonly type: "document";
      readonly document: {
        readonly id: string;
        readonly caption?: string;
        readonly filename?: string;
      };
    };

export type CloudMessageContent =
  | TextContent
  | ReplyButtonsContent
  | ListContent
  | LocationRequestContent
  | TemplateContent
  | MediaContent;
