import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One restart the supervisor made: the history operators read when a job keeps dying. */
@Entity({ name: 'supervisor_restarts' })
export class SupervisorRestart {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  job!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** The argv, as run (no shell). */
  @Column({ type: 'jsonb' })
  command!: string[];

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  /** Null while the command runs (a detached job keeps running), 127 when it could not be started. */
  @Column({ name: 'exit_code', type: 'integer', nullable: true })
  exitCode!: number | null;

  @Column({ type: 'integer', nullable: true })
  pid!: number | null;

  /** The ZooKeeper session of the leader that restarted: two supervisors never share one. */
  @Column({ name: 'leader_session', type: 'text' })
  leaderSession!: string;
}
