package io.workshopmonitor.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FreeTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"bobbin replaced", "no thread delivered from stores", "waiting for the fitter", "mrs check done",
            "belt B1234 slipping", "line 3 down 10/12", "order A12 late", "DR-4 press jammed"})
    void ordinaryNotesAreKept(String note) {
        assertThat(FreeText.problem("note", note)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A1234BC refused to work", "sent a1234bc back to the wing", "pnc 12/345678A",
            "Mr Smith left early", "covered by Mrs. O'Brien", "dob 01/02/1990", "Dr Jones called"})
    void notesThatLookLikeTheyIdentifyAPersonAreRefusedWithTheReason(String note) {
        assertThat(FreeText.problem("note", note)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("'note'").contains("identify a person"));
    }

    @org.junit.jupiter.api.Test
    void aLongNoteIsRefusedBecauseTheCodeCarriesTheMeaning() {
        assertThat(FreeText.problem("comment", "x".repeat(FreeText.MAX_LENGTH))).isEmpty();
        assertThat(FreeText.problem("comment", "x".repeat(FreeText.MAX_LENGTH + 1))).hasValueSatisfying(problem ->
                assertThat(problem).contains("at most 200"));
    }
}
