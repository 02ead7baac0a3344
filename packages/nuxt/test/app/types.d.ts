// The app's session data, typed for useAppSession(event).
declare module "@sealed-session/nuxt" {
  interface AppSessionData {
    visits?: number;
    user?: string;
  }
}

export {};
