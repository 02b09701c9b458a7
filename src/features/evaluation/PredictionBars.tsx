import type { ClassProbability } from '../../app/model-actions';

/** `source` names the image the bars belong to, so a reader can tell a fresh result from the last one. */
export function PredictionBars({ predictions, source }: { predictions: ClassProbability[]; source: string }) {
  const best = predictions.reduce((a, b) => (b.probability > a.probability ? b : a), predictions[0]);
  return (
    <div className="prediction" data-testid="prediction" data-source={source}>
      <p>
        Prediction: <strong data-testid="prediction-label">{best?.label}</strong>
      </p>
      <ul className="bars">
        {predictions.map((p, i) => (
          <li key={i} data-testid="prediction-bar" data-label={p.label} data-probability={p.probability.toFixed(6)}>
            <span className="bar-label">{p.label}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${(p.probability * 100).toFixed(1)}%` }} />
            </span>
            <span className="bar-value">{(p.probability * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
