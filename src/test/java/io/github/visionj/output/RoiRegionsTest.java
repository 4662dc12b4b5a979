package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import io.github.visionj.VisionJException;
import io.github.visionj.image.PlaneRegion;

class RoiRegionsTest {

	@Test
	void aRoiLiesOnItsOwnPlaneElseOnTheCurrentOne() {
		ImagePlus hyperstack = IJ.createImage("h", "8-bit black", 30, 20, 2, 3, 4); // C 2, Z 3, T 4
		hyperstack.setPosition(1, 2, 3);
		Roi tied = new OvalRoi(4, 5, 6, 7);
		tied.setName("tied");
		tied.setPosition(0, 3, 2);
		Roi free = new Roi(-2, 1, 10, 10);
		free.setName("free");
		assertEquals(new PlaneRegion("tied", 2, 1, 4, 5, 6, 7), RoiRegions.of(tied, hyperstack));
		assertEquals(new PlaneRegion("free", 1, 2, -2, 1, 10, 10), RoiRegions.of(free, hyperstack));

		ImagePlus stack = IJ.createImage("s", "8-bit black", 30, 20, 5); // a plain stack of 5 slices
		Roi indexed = new Roi(0, 0, 3, 3);
		indexed.setName("indexed");
		indexed.setPosition(4);
		assertEquals(new PlaneRegion("indexed", 3, 0, 0, 0, 3, 3), RoiRegions.of(indexed, stack));
	}

	@Test
	void roisComeFromTheSetFileNamedByPlaceWhenUnnamed(@TempDir Path dir) {
		Roi named = new Roi(1, 1, 2, 2);
		named.setName("cell-a");
		OutputFolder.open(dir, false).writeRois("set", List.of(named, new Roi(5, 5, 2, 2)));
		List<Roi> rois = RoiRegions.read(dir.resolve("set_rois.zip"), null);
		assertEquals(List.of("cell-a", "roi-0002"), rois.stream().map(Roi::getName).toList());
		assertEquals(new java.awt.Rectangle(5, 5, 2, 2), rois.get(1).getBounds());

		assertEquals("Mode 'rois' needs ROIs: give a RoiSet.zip (rois=…) or add ROIs to the ROI Manager.",
			assertThrows(VisionJException.class, () -> RoiRegions.read(null, null)).getMessage());
	}

	@Test
	void namesGainTheirClass() {
		Roi a = new Roi(0, 0, 1, 1), b = new Roi(0, 0, 1, 1);
		a.setName("roi-0001");
		b.setName("cell");
		RoiRegions.nameByClass(List.of(a, b), List.of(new ClassificationRow("roi-0001", "mitotic", 0.8, new float[2]),
			new ClassificationRow("cell", "resting", 0.6, new float[2])), null);
		assertEquals("roi-0001 [mitotic]", a.getName());
		assertEquals("cell [resting]", b.getName());
	}
}
