package io.github.visionj.output;

import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.decode.ClassScores;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.image.AxisImage;
import io.github.visionj.pipeline.Classification;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.PlaneResult;

/**
 * What Classify scores, each source one row of its table: the image's current plane as a whole
 * (named by the image's title), every Z/T plane ({@code <title> z=… t=…}), or the bounding box of
 * each ROI on its plane (named by the ROI).
 */
public enum ClassifyMode {
	IMAGE, PLANE, ROIS;

	/**
	 * @param image the image {@code input} views: its title names the rows, its current plane is
	 *          the one classified as a whole, and its layout places the ROIs
	 * @param rois the ROIs to classify in mode ROIS
	 * @param classNames one per score the model gives
	 */
	public List<ClassificationRow> rows(ModelRunner runner, ImagePlus image, AxisImage<?> input, List<Roi> rois,
		ClassificationDecoder decoder, DecoderSettings settings, List<String> classNames)
	{
		List<String> sources;
		List<ClassScores> scores;
		switch (this) {
			case IMAGE -> {
				sources = List.of(image.getTitle());
				scores = List.of(Classification.plane(runner, input, new Plane(image.getZ() - 1, image.getT() - 1), decoder,
					settings, classNames.size()));
			}
			case PLANE -> {
				List<PlaneResult<ClassScores>> planes = Classification.planes(runner, input, decoder, settings, classNames.size());
				sources = planes.stream().map(p -> image.getTitle() + " z=" + (p.plane().z() + 1) + " t=" + (p.plane().t() + 1)).toList();
				scores = planes.stream().map(PlaneResult::result).toList();
			}
			default -> {
				sources = rois.stream().map(Roi::getName).toList();
				scores = Classification.regions(runner, input, rois.stream().map(r -> RoiRegions.of(r, image)).toList(), decoder,
					settings, classNames.size());
			}
		}
		return ClassificationRow.of(sources, scores, classNames);
	}
}
