import type { ConsumerComparison, ProbabilityDifference } from '../../ml/export-kinds';

function Row({ tool, difference }: { tool: string; difference: ProbabilityDifference }) {
  return (
    <tr>
      <td>{tool}</td>
      <td>{difference.maxAbsDifference.toFixed(4)}</td>
      <td>{difference.meanAbsDifference.toFixed(4)}</td>
      <td>
        {difference.sameTopClass} of {difference.imageCount}
      </td>
    </tr>
  );
}

/** After an export: what other tools' preprocessing does to this model (also in the README). */
export function ConsumerSummary({ consumers }: { consumers: ConsumerComparison | null }) {
  if (!consumers) {
    return (
      <p className="muted" data-testid="export-done">
        Downloaded. The README states the exact preprocessing; other tools were not compared because the project has no labelled images.
      </p>
    );
  }
  return (
    <div data-testid="export-done">
      <p className="muted">
        Downloaded. Other tools prepare images differently; on {consumers.teachableMachine.imageCount} {consumers.images === 'all' ? 'labelled' : consumers.images} images this
        model’s probabilities change by (also written to README.txt):
      </p>
      <table className="consumers" data-testid="export-consumers">
        <thead>
          <tr>
            <th>tool</th>
            <th>max |Δp|</th>
            <th>mean |Δp|</th>
            <th>same top class</th>
          </tr>
        </thead>
        <tbody>
          <Row tool="@teachablemachine/image" difference={consumers.teachableMachine} />
          <Row tool="ml5.imageClassifier (squashes)" difference={consumers.ml5} />
          <Row tool="either, given a 224 px crop" difference={consumers.precroppedBy127} />
        </tbody>
      </table>
    </div>
  );
}
