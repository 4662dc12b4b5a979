package io.github.visionj.output;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiEncoder;
import io.github.visionj.PendingFile;
import io.github.visionj.VisionJException;
import io.github.visionj.image.RegionSource;
import io.github.visionj.image.RowSink;
import io.github.visionj.pipeline.ObjectMask;
import io.github.visionj.tiff.StripTiffWriter;

/**
 * The result files of an instance segmentation written as the objects and label rows of a
 * block-wise run arrive, so that no whole-image result is held: the label image strip by strip
 * (32-bit float, since the number of objects is not known while writing), each object's ROI
 * into the RoiSet.zip and its measured row into the CSV (measured on its bounding box of the
 * input, read from the source), and the overlay as a {@link OverlayImage.Preview}. The files are
 * written under temporary names ({@link StreamedFiles}).
 */
public final class InstanceFiles implements StreamedFiles, RowSink, Consumer<ObjectMask> {

	private final OutputFolder folder;
	private final String name;
	private final ImagePlus input;
	private final RegionSource source;
	private final String objectName;
	private final List<String> classNames;
	private final StripTiffWriter labels;
	private final OverlayImage.Preview overlay;
	private final PendingFile roiFile, csvFile;
	private final ZipOutputStream zip;
	private final DataOutputStream zipData;
	private final RoiEncoder encoder;
	private final Set<String> entries = new HashSet<>();
	private final BufferedWriter csv;
	private int rows;

	/**
	 * Opens the files (under temporary names).
	 *
	 * @param input the ImagePlus of {@code source}: its dimensions place the ROIs, its calibration and channel the measurements
	 * @param objectName prefix of the ROI names, as {@link InstanceResults#of}
	 * @param classNames the model's object classes
	 */
	public InstanceFiles(OutputFolder folder, String name, ImagePlus input, RegionSource source, String objectName,
		List<String> classNames)
	{
		this.folder = folder;
		this.name = name;
		this.input = input;
		this.source = source;
		this.objectName = objectName;
		this.classNames = classNames;
		overlay = new OverlayImage.Preview(input, source);
		labels = new StripTiffWriter(folder.path(name, OutputFile.LABELS), folder.overwrite(), source.width(), source.height(),
			source.slices(), source.frames(), 32, source.calibration());
		PendingFile rois = null, results = null;
		try {
			rois = PendingFile.create(folder.path(name, OutputFile.ROIS), folder.overwrite());
			results = PendingFile.create(folder.path(name, OutputFile.RESULTS), folder.overwrite());
			zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(rois.path())));
			zipData = new DataOutputStream(zip);
			encoder = new RoiEncoder(zipData);
			csv = Files.newBufferedWriter(results.path(), StandardCharsets.UTF_8);
			csv.write(ResultTables.csv(ResultTables.instances(List.of())));
		}
		catch (IOException | RuntimeException e) {
			labels.discard();
			if (rois != null) rois.discard();
			if (results != null) results.discard();
			throw e instanceof VisionJException v ? v : PendingFile.failed(folder.path(name, OutputFile.RESULTS), e);
		}
		roiFile = rois;
		csvFile = results;
	}

	@Override
	public void rows(int z, int t, long y0, int count, int[] values) {
		labels.rows(z, t, y0, count, values);
		overlay.rows(z, t, y0, count, values);
	}

	/** The object's ROI into the set, its measurements into the table. */
	@Override
	public void accept(ObjectMask object) {
		int z = object.plane().z() + 1, t = object.plane().t() + 1;
		Roi roi = Rois.ofMask(object.mask(), object.width(), object.height(), (int) object.x(), (int) object.y(),
			Rois.objectName(objectName, object.instance().label()) + InstanceResults.planeSuffix(input, z, t));
		if (roi == null) return; // a decoder may keep an object whose pixels all went to its neighbours
		Rois.place(List.of(roi), input, z, t);
		InstanceRow row = new InstanceRow(roi.getName(), classNames.get(object.instance().classIndex()),
			object.instance().score(), Measurements.measure(input, source, roi), z, t);
		try {
			zip.putNextEntry(new ZipEntry(OutputFolder.entryName(roi.getName(), rows, entries)));
			encoder.write(roi);
			zipData.flush();
			String line = ResultTables.csv(ResultTables.instances(List.of(row)));
			csv.write(line, line.indexOf('\n') + 1, line.length() - line.indexOf('\n') - 1);
		}
		catch (IOException e) {
			throw PendingFile.failed(roiFile.target(), e);
		}
		rows++;
	}

	/** Completes every file and moves each onto its name: labels, ROIs, results, then the overlay. */
	@Override
	public void commit() {
		try {
			labels.close();
			zip.close();
			csv.close();
		}
		catch (IOException e) {
			throw discarding(PendingFile.failed(roiFile.target(), e));
		}
		catch (RuntimeException e) {
			discard();
			throw e;
		}
		roiFile.commit();
		csvFile.commit();
		folder.writeOverlay(name, overlay.image());
	}

	@Override
	public void discard() {
		labels.discard();
		try {
			zip.close();
			csv.close();
		}
		catch (IOException e) {
			// the files are deleted next
		}
		roiFile.discard();
		csvFile.discard();
	}

	private VisionJException discarding(VisionJException failure) {
		discard();
		return failure;
	}
}
