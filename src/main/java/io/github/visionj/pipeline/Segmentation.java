package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.github.visionj.decode.ClassMap;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.Instances;
import io.github.visionj.decode.SemanticDecoder;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.Tensors;

/**
 * Semantic and instance segmentation of every plane of an image with a dense model: the network
 * runs plane by plane and only the decoded result of each plane is kept, so memory grows with
 * the label images, not with the network's output maps.
 */
public final class Segmentation {

	private Segmentation() {}

	/** Receives every output map of each 2D plane, as {@link ModelRunner#allMaps} gives them (null: not a map). */
	public interface OutputMaps {
		void accept(Plane plane, List<FloatTensor> maps);
	}

	/** Ignores the maps. */
	public static final OutputMaps NO_MAPS = (plane, maps) -> {};

	/** A class per pixel for each 2D plane, in stack order. */
	public static List<PlaneResult<ClassMap>> semantic(ModelRunner runner, AxisImage<?> image, SemanticDecoder decoder,
		DecoderSettings settings)
	{
		return semantic(runner, image, decoder, settings, NO_MAPS);
	}

	/** A class per pixel for each 2D plane, in stack order; every output map of each plane goes to {@code maps}. */
	public static List<PlaneResult<ClassMap>> semantic(ModelRunner runner, AxisImage<?> image, SemanticDecoder decoder,
		DecoderSettings settings, OutputMaps outputs)
	{
		List<PlaneResult<ClassMap>> results = new ArrayList<>();
		int width = (int) image.size(Axis.X), height = (int) image.size(Axis.Y);
		forEachPlaneMaps(runner, image, decoder, outputs, (plane, maps) -> results.add(new PlaneResult<>(plane,
			decoder.decodeClasses(Tensors.toPlaneSize(maps, runner.grid(), runner.upscale(), width, height), settings))));
		return results;
	}

	/**
	 * Objects of each 2D plane. Labels are made unique across the stack; with {@code linkZ}, an
	 * object of one Z plane that overlaps an object of the previous plane (IoU above
	 * {@code linkIou}) keeps its label, which makes 3D objects from a 2D model.
	 */
	public static InstanceStack instances(ModelRunner runner, AxisImage<?> image, InstanceDecoder decoder,
		DecoderSettings settings, boolean linkZ, double linkIou)
	{
		return instances(runner, image, decoder, settings, linkZ, linkIou, NO_MAPS);
	}

	/** {@link #instances} that also hands every output map of each plane to {@code outputs}. */
	public static InstanceStack instances(ModelRunner runner, AxisImage<?> image, InstanceDecoder decoder,
		DecoderSettings settings, boolean linkZ, double linkIou, OutputMaps outputs)
	{
		InstanceStack.Builder stack = new InstanceStack.Builder(linkZ, linkIou);
		forEachPlaneObjects(runner, image, decoder, settings, outputs, stack::add);
		return stack.build();
	}

	/**
	 * Runs the network per plane and decodes each plane's objects at the image's size, whatever the
	 * output's scale: a coarser grid goes to the decoder as it is, a finer map is first averaged to the plane's size.
	 */
	static void forEachPlaneObjects(ModelRunner runner, AxisImage<?> image, InstanceDecoder decoder, DecoderSettings settings,
		OutputMaps outputs, BiConsumer<Plane, Instances> action)
	{
		int width = (int) image.size(Axis.X), height = (int) image.size(Axis.Y);
		forEachPlaneMaps(runner, image, decoder, outputs, (plane, maps) -> action.accept(plane, decoder.decodeInstances(
			Tensors.toPlaneSize(maps, 1, runner.upscale(), width, height), runner.grid(), width, height, settings)));
	}

	interface PlaneMaps {
		void accept(Plane plane, FloatTensor maps);
	}

	/**
	 * Runs the network per plane, several planes per call where the model allows
	 * ({@link ModelRunner#planesPerCall}); a 3D model's volume is handed on slice by slice. The
	 * decoder's map goes to {@code action}, every output's to {@code outputs}.
	 */
	static void forEachPlaneMaps(ModelRunner runner, AxisImage<?> image, Decoder decoder, OutputMaps outputs, PlaneMaps action) {
		runner.check(image);
		List<Plane> planes = runner.planes(image);
		int decoded = runner.outputIds().indexOf(runner.description().decodedOutput().id());
		int perCall = runner.planesPerCall(image);
		int n = 0;
		for (int first = 0; first < planes.size(); first += perCall) {
			runner.progress().checkCanceled();
			List<Plane> group = planes.subList(first, Math.min(planes.size(), first + perCall));
			List<List<FloatTensor>> groupMaps = runner.allMaps(image, group, decoder);
			for (int i = 0; i < group.size(); i++) {
				Plane plane = group.get(i);
				List<FloatTensor> maps = groupMaps.get(i);
				if (plane.isVolume()) {
					for (int z = 0; z < maps.get(decoded).dim(1); z++) {
						Plane slice = new Plane(z, plane.t());
						List<FloatTensor> slices = maps.stream().map(m -> m == null ? null : sliceZ(m, slice.z())).toList();
						outputs.accept(slice, slices);
						action.accept(slice, slices.get(decoded));
					}
				}
				else {
					outputs.accept(plane, maps);
					action.accept(plane, maps.get(decoded));
				}
				runner.progress().report("Segmenting planes", ++n, planes.size());
			}
		}
	}

	private static FloatTensor sliceZ(FloatTensor maps, int z) {
		int c = (int) maps.dim(0), zs = (int) maps.dim(1), h = (int) maps.dim(2), w = (int) maps.dim(3);
		float[] out = new float[c * h * w];
		for (int ch = 0; ch < c; ch++)
			System.arraycopy(maps.data(), ((ch * zs) + z) * h * w, out, ch * h * w, h * w);
		return new FloatTensor(out, c, h, w);
	}
}
