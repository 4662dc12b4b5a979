package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Detection;

class OutputFolderTest {

	@TempDir
	Path dir;

	@Test
	void createsAMissingFolder() {
		OutputFolder out = OutputFolder.open(dir.resolve("a/b"), false);

		assertTrue(Files.isDirectory(dir.resolve("a/b")));
		assertEquals(dir.resolve("a/b/img_labels.tif"), out.path("img", OutputFile.LABELS));
		assertEquals(dir.resolve("a/b/img_overlay.png"), out.path("img", OutputFile.OVERLAY));
	}

	@Test
	void refusesAFolderThatCannotBeCreated() throws IOException {
		Path file = Files.writeString(dir.resolve("file.txt"), "x");
		Path folder = file.resolve("out");

		VisionJException e = assertThrows(VisionJException.class, () -> OutputFolder.open(folder, true));
		assertTrue(e.getMessage().startsWith("Cannot write to the output folder " + folder + ": "), e.getMessage());
		assertTrue(e.getMessage().endsWith("; choose a folder you can write to."), e.getMessage());
	}

	@Test
	void refusesExistingFilesUnlessOverwriting() throws IOException {
		Files.writeString(dir.resolve("img_results.csv"), "old");

		VisionJException e = assertThrows(VisionJException.class,
			() -> OutputFolder.open(dir, false).checkAvailable("img", List.of(OutputFile.LABELS, OutputFile.RESULTS)));
		assertEquals("The file " + dir.resolve("img_results.csv") +
			" already exists; turn on the 'overwrite' option to replace it, or choose another output folder.", e.getMessage());
		OutputFolder.open(dir, true).checkAvailable("img", List.of(OutputFile.LABELS, OutputFile.RESULTS));
	}

	@Test
	void writingOverAnExistingFileIsRefusedAndKeepsIt() throws IOException {
		Path existing = Files.writeString(dir.resolve("img_results.csv"), "old");

		assertThrows(VisionJException.class,
			() -> OutputFolder.open(dir, false).writeResults("img", ResultTables.detections(List.of())));
		assertEquals("old", Files.readString(existing));
		assertEquals(List.of(existing), files());
	}

	@Test
	void aFailedWriteLeavesNoFileAndKeepsTheOldOne() throws IOException {
		Path target = Files.writeString(dir.resolve("x.csv"), "old");

		VisionJException e = assertThrows(VisionJException.class, () -> AtomicFile.write(target, true, temp -> {
			Files.writeString(temp, "half");
			throw new IOException("disk full");
		}));
		assertTrue(e.getMessage().contains("disk full"), e.getMessage());
		assertEquals("old", Files.readString(target));
		assertEquals(List.of(target), files());
	}

	@Test
	void aFolderThatIsAFileFailsCleanly() throws IOException {
		Path file = Files.writeString(dir.resolve("file.txt"), "x");

		assertThrows(VisionJException.class, () -> AtomicFile.write(file.resolve("y.csv"), true, temp -> {}));
		assertEquals(List.of(file), files());
	}

	@Test
	void overwritingReplacesTheFile() throws IOException {
		Path target = Files.writeString(dir.resolve("x.csv"), "old");
		AtomicFile.write(target, true, temp -> Files.writeString(temp, "new"));

		assertEquals("new", Files.readString(target));
		assertEquals(List.of(target), files());
	}

	@Test
	void labelTiffKeepsLayoutAndCalibration() throws IOException {
		ImagePlus input = IJ.createImage("in", "8-bit black", 4, 3, 1, 2, 3);
		input.getCalibration().pixelWidth = 0.25;
		input.getCalibration().setUnit("um");
		List<int[]> planes = new ArrayList<>();
		for (int i = 0; i < 6; i++)
			planes.add(new int[] { i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 70000 });
		ImagePlus labels = ResultImages.labels("img_labels", planes, input);
		Path path = OutputFolder.open(dir, false).writeImage("img", OutputFile.LABELS, labels);

		ImagePlus read = IJ.openImage(path.toString());
		assertEquals(32, read.getBitDepth());
		assertEquals(2, read.getNSlices());
		assertEquals(3, read.getNFrames());
		assertEquals(0.25, read.getCalibration().pixelWidth);
		assertEquals("µm", read.getCalibration().getUnit());
		assertEquals(5f, read.getStack().getProcessor(read.getStackIndex(1, 2, 3)).getf(0, 0));
		assertEquals(70000f, read.getStack().getProcessor(1).getf(3, 2));
		assertEquals("img_labels", labels.getTitle());
		assertEquals(List.of(path), files());
	}

	@Test
	void roiSetReadsBackWithUniqueEntries() throws IOException {
		List<Roi> rois = Rois.ofLabels(TestImages.nucleiLabels(), 256, 256, l -> Rois.objectName("nucleus", l));
		Roi twin = (Roi) rois.get(0).clone();
		twin.setPosition(0, 2, 1);
		List<Roi> all = new ArrayList<>(rois);
		all.add(twin);
		Path path = OutputFolder.open(dir, false).writeRois("img", all);

		try (ZipFile zip = new ZipFile(path.toFile())) {
			List<? extends ZipEntry> entries = Collections.list(zip.entries());
			assertEquals(all.size(), entries.size());
			assertEquals("nucleus-0001.roi", entries.get(0).getName());
			assertEquals("nucleus-0001-2.roi", entries.get(entries.size() - 1).getName());
			for (int i = 0; i < all.size(); i++) {
				Roi read = RoiDecoder.openFromByteArray(zip.getInputStream(entries.get(i)).readAllBytes());
				assertEquals(all.get(i).getName(), read.getName());
				assertEquals(all.get(i).getBounds(), read.getBounds());
				assertArrayEquals(TestImages.filled(all.get(i), 256, 256), TestImages.filled(read, 256, 256));
			}
			Roi readTwin = RoiDecoder.openFromByteArray(zip.getInputStream(entries.get(all.size() - 1)).readAllBytes());
			assertEquals(2, readTwin.getZPosition());
		}
	}

	@Test
	void resultsCsvHasImageJsColumns() throws IOException {
		RoiMeasurement m = new RoiMeasurement(6, 3, 4.5, 2, 3, 2, 3, 15, 10, 40, 90, 90, 10, 0.75);
		Path path = OutputFolder.open(dir, false).writeResults("img",
			ResultTables.instances(List.of(new InstanceRow("nucleus-0001", "nucleus", 0.9, m, 1, 1))));

		List<String> lines = Files.readAllLines(path);
		assertEquals(2, lines.size());
		assertEquals("Label,Class,Score,Area,X,Y,BX,BY,Width,Height,Mean,Min,Max,IntDen,RawIntDen,Perim.,Circ.,Z,T",
			lines.get(0));
		assertEquals("nucleus-0001,nucleus,0.900,6,3,4.500,2,3,2,3,15,10,40,90,90,10,0.750,1,1", lines.get(1));
	}

	@Test
	void overlayFillsAndOutlinesEachObject() throws IOException {
		ImagePlus input = IJ.createImage("in", "16-bit black", 8, 8, 1);
		input.getProcessor().set(3, 3, 1000);
		input.setDisplayRange(0, 1000);
		Roi roi = new Roi(2, 2, 3, 3);
		roi.setStrokeColor(new Color(0, 200, 100));
		Path path = OutputFolder.open(dir, false).writeOverlay("img", OverlayImage.filled(input, 1, 1, List.of(roi)));

		BufferedImage png = ImageIO.read(path.toFile());
		assertEquals(8, png.getWidth());
		assertEquals(0x00c864, png.getRGB(2, 2) & 0xffffff); // outline
		assertEquals(0x000000, png.getRGB(0, 0) & 0xffffff); // background at the bottom of the display range
		int inside = png.getRGB(3, 3) & 0xffffff; // white blended 35 % towards the colour
		assertEquals(Math.round(255 + 0.35 * (0 - 255)), inside >> 16 & 0xff);
		assertEquals(Math.round(255 + 0.35 * (200 - 255)), inside >> 8 & 0xff);
	}

	@Test
	void overlayOfBoxesDrawsTheirOutlines() {
		ImagePlus input = IJ.createImage("in", "RGB white", 30, 30, 1);
		Roi box = Rois.ofBox(new Detection(10, 12, 5, 6, 0, 0.5f), "cell");
		BufferedImage png = OverlayImage.boxes(input, 1, 1, List.of(box));

		int colour = Luts.objectColour(1).getRGB() & 0xffffff;
		assertEquals(colour, png.getRGB(10, 12) & 0xffffff);
		assertEquals(colour, png.getRGB(14, 17) & 0xffffff);
		assertEquals(0xffffff, png.getRGB(12, 14) & 0xffffff);
	}

	private List<Path> files() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.sorted().toList();
		}
	}
}
