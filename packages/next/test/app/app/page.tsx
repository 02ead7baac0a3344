import Link from "next/link";

export default function Home() {
  return (
    <main>
      <Link href="/account">account</Link>
    </main>
  );
}
