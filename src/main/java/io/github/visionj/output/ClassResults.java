package io.github.visionj.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.decode.ClassMap;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.pipeline.PlaneResult;

/**
 * Everything a semantic segmentation of a whole image turns into: the class image, the
 * probability maps, one named ROI per class present in each plane, placed on its plane, and the
 * area of each class in each plane.
 *
 * @param probabilities the probability maps, or null when not asked for or when a plane has none
 */
public record ClassResults(ImagePlus classes, ImagePlus probabilities, List<Roi> rois, List<ClassAreaRow> rows) {

	/**
	 * @param planes one result per (z, t) plane of {@code input}, z fastest (ImageJ's stack order)
	 * @param classNames the classes the model names (index 1 onward), or none: then "class 1" … up to the largest class found
	 * @param withProbabilities whether to make the probability maps
	 */
	public static ClassResults of(ImagePlus input, List<PlaneResult<ClassMap>> planes, List<String> classNames,
		boolean withProbabilities)
	{
		String name = OutputFile.baseName(input.getTitle());
		List<String> names = new ArrayList<>(List.of("background"));
		names.addAll(classNames.isEmpty() ? generic(planes) : classNames);
		double pixelArea = input.getCalibration().pixelWidth * input.getCalibration().pixelHeight;
		List<int[]> classPlanes = new ArrayList<>();
		List<FloatTensor> probabilityPlanes = new ArrayList<>();
		List<Roi> rois = new ArrayList<>();
		List<ClassAreaRow> rows = new ArrayList<>();
		for (PlaneResult<ClassMap> p : planes) {
			ClassMap map = p.result();
			int z = p.plane().z() + 1, t = p.plane().t() + 1;
			classPlanes.add(map.classes());
			if (map.probabilities() != null) probabilityPlanes.add(map.probabilities());
			rows.addAll(ClassAreaRow.count(map.classes(), names, pixelArea, z, t));
			List<Roi> planeRois = new ArrayList<>();
			for (int c = 1; c < names.size(); c++) {
				Roi roi = Rois.ofClass(map.classes(), map.width(), map.height(), c);
				if (roi == null) continue;
				roi.setName(names.get(c) + (planes.size() > 1 ? "-z" + z + "-t" + t : ""));
				planeRois.add(roi);
			}
			Rois.place(planeRois, input, z, t);
			rois.addAll(planeRois);
		}
		return new ClassResults(ResultImages.classes(name + "_classes", classPlanes, input),
			withProbabilities && probabilityPlanes.size() == planes.size()
				? ResultImages.probabilities(name + "_probabilities", probabilityPlanes, input) : null,
			rois, rows);
	}

	/** "class 1", "class 2", … up to the largest class found (at least one). */
	private static List<String> generic(List<PlaneResult<ClassMap>> planes) {
		int maxClass = planes.stream().flatMapToInt(p -> Arrays.stream(p.result().classes())).max().orElse(0);
		return IntStream.rangeClosed(1, Math.max(1, maxClass)).mapToObj(i -> "class " + i).toList();
	}

	/** Writes the class image and, when made, the probability maps to the folder, as {@code name}'s. */
	public void write(OutputFolder folder, String name) {
		folder.writeImage(name, OutputFile.CLASSES, classes);
		if (probabilities != null) folder.writeImage(name, OutputFile.PROBABILITIES, probabilities);
	}
}
