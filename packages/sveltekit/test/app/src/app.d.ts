// The session's fields, merged into the binding's AppSessionData: event.locals.session.data is typed by them.
declare module "../../../src/index" {
  interface AppSessionData {
    visits?: number;
    user?: string;
    blob?: string;
  }
}

export {};
