package io.github.visionj.output;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.gui.Plot;
import ij.gui.PlotWindow;

/**
 * The live plot of a training run, against the iteration: the loss of each step divided by the
 * first step's, so that it shares the axis with the validation AP50 (0 to 1), which is plotted at
 * each validation (at iteration 0, the parent model's).
 */
public final class TrainingPlot {

	static final String TITLE = "VisionJ Train";

	private final List<float[]> losses = new ArrayList<>(), validations = new ArrayList<>();
	private double firstLoss = Double.NaN, lastLoss = Double.NaN;
	private PlotWindow window;

	public void step(int iteration, double loss) {
		if (Double.isNaN(firstLoss)) firstLoss = loss;
		lastLoss = loss;
		losses.add(new float[] { iteration, (float) (loss / firstLoss) });
	}

	public void validated(int iteration, double ap50) {
		validations.add(new float[] { iteration, (float) ap50 });
	}

	/** The plot of what was recorded: the relative loss (once there was a step), then the validation AP50. */
	public Plot plot() {
		Plot plot = new Plot(TITLE, "iteration", "loss ÷ first loss, AP50");
		float lastIteration = 1, top = 1;
		StringBuilder legend = new StringBuilder();
		if (!losses.isEmpty()) {
			plot.setColor(Color.GRAY);
			plot.addPoints(column(losses, 0), column(losses, 1), Plot.LINE);
			legend.append("loss ÷ first step's loss\n");
			for (float[] p : losses) {
				lastIteration = Math.max(lastIteration, p[0]);
				top = Math.max(top, p[1]);
			}
		}
		if (!validations.isEmpty()) {
			plot.setColor(Color.BLUE);
			plot.setLineWidth(2);
			plot.addPoints(column(validations, 0), column(validations, 1), Plot.CONNECTED_CIRCLES);
			legend.append("validation AP50\n");
			for (float[] p : validations)
				lastIteration = Math.max(lastIteration, p[0]);
		}
		plot.setLimits(0, lastIteration, 0, top * 1.05);
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().trim(), "top-right");
		plot.addLabel(0.02, 0.08, summary());
		return plot;
	}

	/** The last loss and AP50, and the best AP50 so far. */
	private String summary() {
		StringBuilder s = new StringBuilder();
		if (!losses.isEmpty()) s.append(String.format(Locale.ROOT, "iteration %d, loss %.4f", (int) losses.get(losses.size() - 1)[0], lastLoss));
		if (!validations.isEmpty()) {
			float best = 0;
			for (float[] p : validations)
				best = Math.max(best, p[1]);
			s.append(s.length() > 0 ? "; " : "").append(String.format(Locale.ROOT, "validation AP50 %.3f (best %.3f)",
				validations.get(validations.size() - 1)[1], best));
		}
		return s.toString();
	}

	/** Shows the plot: the first time in a new window, then in that window; once the user closed it, nowhere. Only with a display. */
	public void show() {
		if (window == null) window = plot().show();
		else if (!window.isClosed()) window.drawPlot(plot());
	}

	private static float[] column(List<float[]> points, int c) {
		float[] values = new float[points.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = points.get(i)[c];
		return values;
	}
}
