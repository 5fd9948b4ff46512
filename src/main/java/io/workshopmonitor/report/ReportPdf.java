package io.workshopmonitor.report;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report as an A4 landscape PDF: each section's chart drawn as bars in the page itself (no image), then its
 * table, page after page as needed. Standard fonts only, so the file needs nothing installed to open.
 */
public final class ReportPdf {

    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 36;
    private static final float ROW = 13;
    private static final float CHART_HEIGHT = 140;
    private static final Color[] SERIES = {new Color(0x1d, 0x70, 0xb8), new Color(0xb1, 0xb4, 0xb6),
            new Color(0xd4, 0x35, 0x1c), new Color(0x00, 0x70, 0x3c)};
    private static final Color RULE = new Color(0xb1, 0xb4, 0xb6);

    private final PDDocument document = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDType1Font italic = new PDType1Font(Standard14Fonts.FontName.HELVETICA_OBLIQUE);
    private PDPageContentStream page;
    private float y;
    private int pages;
    private final Report report;

    private ReportPdf(Report report) {
        this.report = report;
    }

    public static byte[] render(Report report) {
        try {
            return new ReportPdf(report).write();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the PDF of " + report.file(), e);
        }
    }

    private byte[] write() throws IOException {
        try (document) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(report.title());
            info.setSubject(report.subtitle());
            info.setCreator("Workshop Monitor");
            newPage();
            text(bold, 16, MARGIN, y, report.title());
            y -= 20;
            text(regular, 10, MARGIN, y, report.subtitle());
            y -= 14;
            text(italic, 8, MARGIN, y, "Generated " + report.generatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ". Money in " + report.currency() + ".");
            y -= 22;
            for (Report.Section section : report.sections()) {
                section(section);
            }
            page.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private void section(Report.Section section) throws IOException {
        room(ROW * 4 + (section.chart() == null ? 0 : CHART_HEIGHT + 30));
        text(bold, 12, MARGIN, y, section.title());
        y -= 18;
        if (section.chart() != null && !section.chart().labels().isEmpty()) {
            chart(section.chart());
        }
        float[] widths = widths(section);
        row(section.columns(), widths, bold);
        line(MARGIN, y + ROW - 3, PAGE.getWidth() - MARGIN, y + ROW - 3);
        for (List<String> cells : section.rows()) {
            if (room(ROW)) {
                row(section.columns(), widths, bold);
            }
            row(cells, widths, regular);
        }
        for (String note : section.notes()) {
            room(ROW);
            text(italic, 8, MARGIN, y, note);
            y -= ROW;
        }
        y -= 14;
    }

    private void row(List<String> cells, float[] widths, PDType1Font font) throws IOException {
        float x = MARGIN;
        for (int i = 0; i < cells.size(); i++) {
            text(font, 8, x, y, fit(cells.get(i), font, 8, widths[i] - 6));
            x += widths[i];
        }
        y -= ROW;
    }

    /** Columns share the width in proportion to their longest text, the first at least a fifth of it. */
    private float[] widths(Report.Section section) throws IOException {
        int n = section.columns().size();
        float[] want = new float[n];
        for (int i = 0; i < n; i++) {
            want[i] = width(bold, 8, section.columns().get(i));
            for (List<String> row : section.rows()) {
                want[i] = Math.max(want[i], width(regular, 8, row.get(i)));
            }
            want[i] = Math.min(want[i] + 8, 260);
        }
        float total = 0;
        for (float w : want) {
            total += w;
        }
        float usable = PAGE.getWidth() - 2 * MARGIN;
        float[] widths = new float[n];
        for (int i = 0; i < n; i++) {
            widths[i] = total <= usable ? want[i] : want[i] * usable / total;
        }
        return widths;
    }

    private void chart(Report.Chart chart) throws IOException {
        float left = MARGIN + 40;
        float right = PAGE.getWidth() - MARGIN - 120;
        float bottom = y - CHART_HEIGHT;
        double max = 0;
        for (Report.Series series : chart.series()) {
            for (Double v : series.values()) {
                max = Math.max(max, v == null ? 0 : v);
            }
        }
        max = max <= 0 ? 1 : max;
        text(italic, 8, MARGIN, y, chart.title());
        line(left, bottom, right, bottom);
        line(left, bottom, left, y - 6);
        text(regular, 7, MARGIN, y - 12, String.format(Locale.ROOT, "%.0f %s", max, chart.unit()));
        text(regular, 7, MARGIN, bottom, "0");
        int groups = chart.labels().size();
        int bars = chart.series().size();
        float group = (right - left) / groups;
        float bar = Math.max(1, (group * 0.8f) / bars);
        for (int g = 0; g < groups; g++) {
            float x = left + g * group + group * 0.1f;
            for (int s = 0; s < bars; s++) {
                Double value = chart.series().get(s).values().get(g);
                float h = (float) ((value == null ? 0 : value) / max * (CHART_HEIGHT - 14));
                page.setNonStrokingColor(SERIES[s % SERIES.length]);
                page.addRect(x + s * bar, bottom, bar - 1, h);
                page.fill();
            }
            page.setNonStrokingColor(Color.BLACK);
            text(regular, 6, left + g * group + 2, bottom - 9, fit(chart.labels().get(g), regular, 6, group - 2));
        }
        for (int s = 0; s < bars; s++) {
            float ly = y - 14 - s * 12;
            page.setNonStrokingColor(SERIES[s % SERIES.length]);
            page.addRect(right + 12, ly, 8, 8);
            page.fill();
            page.setNonStrokingColor(Color.BLACK);
            text(regular, 8, right + 24, ly, chart.series().get(s).name());
        }
        y = bottom - 24;
    }

    /** Starts a new page when {@code height} does not fit; says whether it did. */
    private boolean room(float height) throws IOException {
        if (y - height >= MARGIN) {
            return false;
        }
        page.close();
        newPage();
        return true;
    }

    private void newPage() throws IOException {
        PDPage next = new PDPage(PAGE);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        pages++;
        y = PAGE.getHeight() - MARGIN;
        text(italic, 7, PAGE.getWidth() - MARGIN - 120, MARGIN / 2, report.title().length() > 40 ? "Page " + pages
                : report.title() + ", page " + pages);
    }

    private void text(PDType1Font font, float size, float x, float at, String value) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, at);
        page.showText(printable(font, value));
        page.endText();
    }

    private void line(float x1, float y1, float x2, float y2) throws IOException {
        page.setStrokingColor(RULE);
        page.setLineWidth(0.5f);
        page.moveTo(x1, y1);
        page.lineTo(x2, y2);
        page.stroke();
    }

    private static float width(PDType1Font font, float size, String value) throws IOException {
        return font.getStringWidth(printable(font, value)) / 1000 * size;
    }

    private static String fit(String value, PDType1Font font, float size, float room) throws IOException {
        if (width(font, size, value) <= room) {
            return value;
        }
        String cut = value;
        while (cut.length() > 1 && width(font, size, cut + "...") > room) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    /** A character the standard fonts cannot draw becomes '?', rather than failing the whole report. */
    private static String printable(PDType1Font font, String value) {
        StringBuilder out = new StringBuilder(value.length());
        List<Integer> points = new ArrayList<>();
        value.codePoints().forEach(points::add);
        for (int cp : points) {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        }
        return out.toString();
    }
}
