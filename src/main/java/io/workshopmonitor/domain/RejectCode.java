package io.workshopmonitor.domain;

/**
 * Why units were rejected, as an instructor splits a station's rejects for a session. Codes, never free text:
 * they are what a Pareto of quality losses is drawn from.
 */
public enum RejectCode {
    DAMAGED_MATERIAL, WRONG_ASSEMBLY, PRINT_FAULT, STITCHING_FAULT, MEASUREMENT, FINISH, CONTAMINATION, OTHER
}
