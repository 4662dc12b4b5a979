package io.github.visionj.train;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.evaluate.Evaluation;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.Progress;
import io.github.visionj.pipeline.RunOptions;

/** Scores a model on the validation images the way Instance Segment and Evaluate would: whole images, decoded, matched. */
final class Validation {

	private static final double[] PROBABILITIES = { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7 };
	private static final double[] OVERLAPS = { 0.2, 0.3, 0.4, 0.5 };

	/** A model's output maps of every validation image and its output grid. */
	record Maps(List<FloatTensor> maps, int grid) {}

	private final List<Annotated> images;
	private final InstanceDecoder decoder;
	private final int tileSize;
	private final Progress progress;

	/** @param tileSize the parent's tile size, which every candidate's weights use too */
	Validation(List<Annotated> images, InstanceDecoder decoder, int tileSize, Progress progress) {
		this.images = images;
		this.decoder = decoder;
		this.tileSize = tileSize;
		this.progress = progress;
	}

	Maps maps(LoadedModel model) {
		ModelRunner runner = new ModelRunner(model, new RunOptions(tileSize, false, progress));
		List<FloatTensor> maps = new ArrayList<>();
		for (Annotated a : images)
			maps.add(runner.maps(a.image(), new Plane(0, 0), decoder));
		return new Maps(maps, runner.grid());
	}

	Evaluation evaluate(Maps maps, DecoderSettings settings, double... thresholds) {
		Evaluation e = new Evaluation(thresholds);
		for (int i = 0; i < images.size(); i++) {
			Annotated a = images.get(i);
			e.addInstances(a.name(), a.labels(), decoder.decodeInstances(maps.maps().get(i), maps.grid(), a.width(), a.height(), settings).labels(),
				a.width(), a.height());
		}
		return e;
	}

	double ap50(Maps maps, DecoderSettings settings) {
		return evaluate(maps, settings, 0.5).total().get(0).ap();
	}

	/** The probability (and, where the decoder reads one, overlap) threshold with the best AP50; ties keep the first. */
	DecoderSettings tune(Maps maps, DecoderSettings start) {
		DecoderSettings best = start;
		double bestAp = ap50(maps, start);
		boolean overlap = decoder.settingsRead().contains(Setting.OVERLAP);
		for (double p : PROBABILITIES)
			for (double o : overlap ? OVERLAPS : new double[] { start.nmsIou() }) {
				DecoderSettings s = start.withProbability(p).withNmsIou(o);
				double ap = ap50(maps, s);
				if (ap > bestAp) {
					bestAp = ap;
					best = s;
				}
			}
		return best;
	}
}
