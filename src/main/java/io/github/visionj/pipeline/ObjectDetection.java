package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.Boxes;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Detection;
import io.github.visionj.decode.DetectionDecoder;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;

/**
 * Boxes for every plane of an image. A detector of fixed input size sees each plane
 * letterboxed (resized keeping its aspect ratio, then padded); any other detector sees tiles
 * whose detections are merged without duplicates; an instance model answers with the boxes of
 * its objects.
 */
public final class ObjectDetection {

	private ObjectDetection() {}

	public static List<PlaneResult<List<Detection>>> detect(ModelRunner runner, AxisImage<?> image, Decoder decoder,
		DecoderSettings settings)
	{
		if (decoder instanceof DetectionDecoder detector) {
			InputCheck.check(runner, image);
			return PlaneProgress.forEach(runner.planes(image), runner.progress(), "Detecting", plane -> runner.fixedInputSize()
				? letterboxed(runner, image, plane, detector, settings) : tiled(runner, image, plane, detector, settings));
		}
		if (decoder instanceof InstanceDecoder segmenter) {
			List<PlaneResult<List<Detection>>> results = new ArrayList<>();
			Segmentation.forEachPlaneObjects(runner, image, segmenter, settings, Segmentation.NO_MAPS, (plane, objects) -> results.add(
				new PlaneResult<>(plane, Boxes.nms(Boxes.boxesOf(objects), 1.0, settings.maxDetections()))));
			return results;
		}
		throw new VisionJException("Decoder '" + decoder.key() + "' of model '" + runner.description().name() +
			"' gives neither boxes nor objects; choose a detection or instance segmentation model.");
	}

	private static List<Detection> letterboxed(ModelRunner runner, AxisImage<?> image, Plane plane, DetectionDecoder detector,
		DecoderSettings settings)
	{
		long w = image.size(Axis.X), h = image.size(Axis.Y);
		ResizedPrediction r = ResizedPrediction.of(runner, image, plane, new long[] { 0, 0, w, h }, true);
		List<Detection> found = new ArrayList<>();
		for (Detection d : detector.decodeDetections(r.output(), settings)) {
			double x0 = r.x0() + (d.x() - r.padX()) / r.scaleX(), y0 = r.y0() + (d.y() - r.padY()) / r.scaleY();
			double x1 = x0 + d.width() / r.scaleX(), y1 = y0 + d.height() / r.scaleY();
			Detection clipped = clip(x0, y0, x1, y1, w, h, d);
			if (clipped != null) found.add(clipped);
		}
		return found;
	}

	private static List<Detection> tiled(ModelRunner runner, AxisImage<?> image, Plane plane, DetectionDecoder detector,
		DecoderSettings settings)
	{
		long w = image.size(Axis.X), h = image.size(Axis.Y);
		List<Detection> all = new ArrayList<>();
		for (TileOutput tile : TileOutput.of(runner, image, plane)) {
			for (Detection d : detector.decodeDetections(tile.output(), settings)) {
				Detection moved = d.translate(tile.offsetX(), tile.offsetY());
				if (!answersFor(tile, moved, w, h)) continue;
				Detection clipped = clip(moved.x(), moved.y(), moved.x() + moved.width(), moved.y() + moved.height(), w, h, d);
				if (clipped != null) all.add(clipped);
			}
		}
		return Boxes.nms(all, settings.nmsIou(), settings.maxDetections());
	}

	/**
	 * Whether the tile reports this box (in plane coordinates, not yet clipped to the w x h plane).
	 * Each tile answers only for its inner part, so an object seen by two tiles counts once; the
	 * box centre decides. An object cut by the plane's border may be centred outside the plane: the
	 * tile at that border has it. But a box centred in the reflected padding of a small plane
	 * mirrors an object inside it and is dropped.
	 */
	static boolean answersFor(TileOutput tile, Detection box, long w, long h) {
		double cx = box.x() + box.width() / 2, cy = box.y() + box.height() / 2;
		if (cx >= w && tile.paddedX() || cy >= h && tile.paddedY()) return false;
		cx = Math.min(Math.max(cx, 0), w - 0.5);
		cy = Math.min(Math.max(cy, 0), h - 0.5);
		return cx >= tile.innerX0() && cx < tile.innerX1() && cy >= tile.innerY0() && cy < tile.innerY1();
	}

	/** The box limited to the image, or null when nothing of it is inside. */
	private static Detection clip(double x0, double y0, double x1, double y1, long w, long h, Detection d) {
		double cx0 = Math.max(0, x0), cy0 = Math.max(0, y0), cx1 = Math.min(w, x1), cy1 = Math.min(h, y1);
		if (cx1 <= cx0 || cy1 <= cy0) return null;
		return new Detection(cx0, cy0, cx1 - cx0, cy1 - cy0, d.classIndex(), d.score());
	}
}
