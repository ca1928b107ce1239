// Scaffold: replaced by the renderer work (issue 2).
export function App() {
  return <main>Checkpoint Inspector</main>;
}
