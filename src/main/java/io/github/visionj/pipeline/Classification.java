package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.ClassScores;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.PlaneRegion;
import io.github.visionj.model.ProcessingStep;

/**
 * Class probabilities of a whole plane, of every plane, or of regions of planes, each resized to
 * the model's input. The model must give one score per class it names ({@code classes}).
 */
public final class Classification {

	private Classification() {}

	/** The scores of one whole plane. */
	public static ClassScores plane(ModelRunner runner, AxisImage<?> image, Plane plane, ClassificationDecoder decoder,
		DecoderSettings settings, int classes)
	{
		InputCheck.check(runner, image);
		return checked(runner, classify(runner, image, plane, whole(image), decoder, settings), classes);
	}

	/** The scores of every 2D plane, in stack order. */
	public static List<PlaneResult<ClassScores>> planes(ModelRunner runner, AxisImage<?> image, ClassificationDecoder decoder,
		DecoderSettings settings, int classes)
	{
		InputCheck.check(runner, image);
		return PlaneProgress.forEach(runner.planes(image), runner.progress(), "Classifying",
			plane -> checked(runner, classify(runner, image, plane, whole(image), decoder, settings), classes));
	}

	/** The scores of each region (of a ROI), in order; a region reaching past the border is classified by its part inside the image. */
	public static List<ClassScores> regions(ModelRunner runner, AxisImage<?> image, List<PlaneRegion> regions,
		ClassificationDecoder decoder, DecoderSettings settings, int classes)
	{
		InputCheck.check(runner, image);
		List<ClassScores> scores = new ArrayList<>();
		for (PlaneRegion r : regions) {
			runner.progress().checkCanceled();
			long[] inside = inside(r, image.size(Axis.X), image.size(Axis.Y));
			scores.add(checked(runner, classify(runner, image, new Plane(r.z(), r.t()), inside, decoder, settings), classes));
			runner.progress().report("Classifying ROIs", scores.size(), regions.size());
		}
		return scores;
	}

	/**
	 * @param region x0, y0, width, height in the plane
	 */
	public static ClassScores classify(ModelRunner runner, AxisImage<?> image, Plane plane, long[] region,
		ClassificationDecoder decoder, DecoderSettings settings)
	{
		ResizedPrediction r = ResizedPrediction.of(runner, image, plane, region, false);
		boolean normalised = runner.description().decodedOutput().processing().stream().map(ProcessingStep::id)
			.anyMatch(id -> id.equals("softmax") || id.equals("sigmoid"));
		return decoder.decodeScores(r.output(), settings, normalised);
	}

	/** The part of the region inside a width x height plane: x0, y0, width, height. */
	static long[] inside(PlaneRegion r, long width, long height) {
		long x0 = Math.max(0, r.x()), y0 = Math.max(0, r.y());
		long x1 = Math.min(width, r.x() + r.width()), y1 = Math.min(height, r.y() + r.height());
		if (x1 <= x0 || y1 <= y0) throw new VisionJException("ROI '" + r.name() + "' lies outside the " + width + "x" + height +
			" image; remove it or choose the image it belongs to.");
		return new long[] { x0, y0, x1 - x0, y1 - y0 };
	}

	private static long[] whole(AxisImage<?> image) {
		return new long[] { 0, 0, image.size(Axis.X), image.size(Axis.Y) };
	}

	private static ClassScores checked(ModelRunner runner, ClassScores s, int classes) {
		if (s.probabilities().length != classes) throw new VisionJException("Model '" + runner.description().name() +
			"' gives " + s.probabilities().length + " class scores but names " + classes +
			" classes in config.visionj.classes; fix the model description.");
		return s;
	}
}
