// The ~1 KB session record every benchmark seals: h3's shape { id, createdAt, data }.
const printable = Array.from({ length: 900 }, (_, i) =>
  String.fromCharCode(33 + ((i * 7) % 94)),
).join("");

export const record = Object.freeze({
  id: "0b6f3c1e-6d2a-4f7e-9c3b-2a1d5e8f7a90",
  createdAt: 1_764_000_000_000,
  data: {
    user: { id: 4217, name: "Ada Lovelace", email: "ada@example.com", roles: ["admin", "editor"] },
    str: printable,
  },
});

export const PASSWORD = "bench-password-0123456789abcdefghijklmnopqrstuvwxyz";
