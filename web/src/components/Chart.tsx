/** The one chart wrapper of the workbench: ECharts through echarts-for-react, with click-through. */
import ReactECharts from 'echarts-for-react';
import type { EChartsOption } from 'echarts';

export interface ChartProps { option: EChartsOption; height?: number; onClick?: (p: { name: string; seriesName?: string; dataIndex: number; value: unknown }) => void; testId?: string }

export default function Chart({ option, height = 300, onClick, testId }: ChartProps) {
  return (
    <div data-testid={testId}>
      <ReactECharts option={option} style={{ height }} notMerge opts={{ renderer: 'canvas' }}
        onEvents={onClick ? { click: (p: { name: string; seriesName?: string; dataIndex: number; value: unknown }) => onClick(p) } : undefined} />
    </div>
  );
}
