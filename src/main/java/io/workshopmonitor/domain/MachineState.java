package io.workshopmonitor.domain;

public enum MachineState {
    RUNNING, IDLE, DOWN, OFF
}
