import { addClass } from '../../app/dataset-actions';
import { useProjectStore } from '../../state/project-store';
import { ClassCard } from './ClassCard';

export function DatasetPanel() {
  const classes = useProjectStore((s) => s.classes);
  return (
    <section className="panel dataset-panel" aria-label="Classes">
      <h2>1. Classes and images</h2>
      <div className="class-list">
        {classes.map((c) => (
          <ClassCard key={c.id} imageClass={c} canDelete={classes.length > 1} />
        ))}
      </div>
      <button type="button" data-testid="add-class" onClick={addClass}>
        + Add a class
      </button>
    </section>
  );
}
