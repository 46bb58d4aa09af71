// The live board arrives with the live-link issue (#3); until then the app says what it is.
export default function Home() {
  return (
    <main>
      <h1>Callboard</h1>
      <p>Real-time call-center wallboard. The live board is not wired up yet.</p>
    </main>
  );
}
